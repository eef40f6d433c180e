package dev.palisade.engine;

import dev.palisade.source.KubeObject;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Runs checks on objects and turns violations into findings. Knows nothing of files, HTTP or output formats: the
 * linter, the webhook and the audit are adapters around it.
 *
 * <p>Cost: each object meets only the checks that apply to its kind ({@link ObjectKinds}; the list per kind is built
 * once), and superseded findings are matched by field path, so a run is linear in objects times applicable checks.
 */
public final class Engine {
    /** In-manifest exemption, per check: {@code ignore-check.palisade.dev/<check-id>: "reason"}. */
    public static final String EXEMPTION_PREFIX = "ignore-check.palisade.dev/";
    /** Inputs of at least this many objects are judged on every core; below, threads cost more than they save. */
    private static final int PARALLEL_FROM = 2_000;

    private final List<Check> checks;
    private final Map<String, List<Check>> checksByKind = new ConcurrentHashMap<>();

    private final Map<String, Set<String>> supersedes = new HashMap<>();
    private final boolean anySupersedes;

    public Engine(List<Check> checks) {
        this.checks = List.copyOf(checks);
        checks.forEach(c -> supersedes.put(c.id(), Set.copyOf(c.definition().supersedes())));
        this.anySupersedes = checks.stream().anyMatch(c -> !c.definition().supersedes().isEmpty());
    }

    public List<Check> checks() {
        return checks;
    }

    /** The checks that apply to a kind, in catalogue order. */
    public List<Check> checksFor(String kind) {
        return checksByKind.computeIfAbsent(kind, k -> checks.stream().filter(c -> c.kinds().includes(k)).toList());
    }

    /**
     * Findings (exempted ones included, marked) and check failures of a whole input, in input order. A large input is
     * judged in slices on every core (checks keep no state and views are built once, under a lock), then the slices'
     * results are joined in order, so the output is the same as one thread's.
     */
    public Evaluation evaluate(List<KubeObject> objects, Inventory inventory) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (objects.size() < PARALLEL_FROM || cores < 2) {
            return evaluateSlice(objects, inventory);
        }
        int slices = cores * 8; // small enough that a slow slice does not hold up the others
        List<Evaluation> parts = IntStream.range(0, slices).parallel()
                .mapToObj(i -> evaluateSlice(objects.subList(i * objects.size() / slices, (i + 1) * objects.size() / slices), inventory))
                .toList();
        List<Finding> findings = new ArrayList<>();
        List<CheckFailure> failures = new ArrayList<>();
        for (Evaluation part : parts) {
            findings.addAll(part.findings());
            failures.addAll(part.failures());
        }
        return new Evaluation(findings, failures);
    }

    private Evaluation evaluateSlice(List<KubeObject> objects, Inventory inventory) {
        List<Finding> findings = new ArrayList<>();
        List<CheckFailure> failures = new ArrayList<>();
        for (KubeObject object : objects) {
            evaluate(object, inventory, findings, failures);
        }
        return new Evaluation(findings, failures);
    }

    /**
     * Judges one object. A check that throws becomes a {@link CheckFailure}; the other checks still run. When a check
     * and one it supersedes report the same field, only the more severe finding is kept (the superseding one on a tie).
     */
    public void evaluate(KubeObject object, Inventory inventory, List<Finding> findings, List<CheckFailure> failures) {
        int first = findings.size();
        judge(object, inventory, findings, failures);
        if (anySupersedes && findings.size() > first) {
            dropSuperseded(findings.subList(first, findings.size()));
        }
    }

    /** Compares only findings on the same field: the pairs the rule is about, without a scan of every pair. */
    private void dropSuperseded(List<Finding> mine) {
        Map<String, List<Finding>> byPath = new HashMap<>();
        for (Finding finding : mine) {
            byPath.computeIfAbsent(finding.path(), p -> new ArrayList<>(2)).add(finding);
        }
        Set<Finding> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
        for (List<Finding> samePath : byPath.values()) {
            if (samePath.size() < 2) {
                continue;
            }
            for (Finding extending : samePath) {
                Set<String> superseded = supersedes.getOrDefault(extending.check(), Set.of());
                if (superseded.isEmpty()) {
                    continue;
                }
                for (Finding extended : samePath) {
                    if (superseded.contains(extended.check())) {
                        dropped.add(extended.severity().compareTo(extending.severity()) > 0 ? extending : extended);
                    }
                }
            }
        }
        if (!dropped.isEmpty()) {
            mine.removeIf(dropped::contains);
        }
    }

    private void judge(KubeObject object, Inventory inventory, List<Finding> findings, List<CheckFailure> failures) {
        Map<String, String> annotations = null; // read only for an object that has a finding
        for (Check check : checksFor(object.kind())) {
            Violations violations = new Violations();
            try {
                check.evaluator().evaluate(object, inventory, violations);
            } catch (RuntimeException e) {
                failures.add(new CheckFailure(check.id(), object.ref(), object.file(), object.line(),
                        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
                continue;
            }
            if (violations.list().isEmpty()) {
                continue;
            }
            if (annotations == null) {
                annotations = exemptionAnnotations(object);
            }
            String reason = annotations.get(EXEMPTION_PREFIX + check.id());
            for (Violation violation : violations.list()) {
                CheckDefinition definition = check.definition();
                String message = violation.message();
                String reuse = object.reuseNote(violation.path()); // the line is in the YAML anchor; say where it is used
                if (!reuse.isEmpty()) {
                    message += " (" + reuse + ")";
                }
                String exemptedBy = violation.exemptedBy(); // set when the user's configuration allow-lists it
                if (exemptedBy == null && reason != null && !reason.isBlank()) {
                    exemptedBy = reason.strip();
                } else if (exemptedBy == null && reason != null) {
                    message += " (the exemption annotation " + EXEMPTION_PREFIX + check.id() + " is ignored: it gives no reason)";
                }
                Severity severity = definition.severity().lowered(violation.lowerBy());
                findings.add(new Finding(definition.id(), definition.category(), severity, object.ref(),
                        violation.path(), object.file(), object.lineOf(violation.path()), message,
                        definition.remediation(), definition.docs(), exemptedBy));
            }
        }
    }

    /** The object's annotations, plus those of its pod template (they reach the Pods the webhook sees). */
    private static Map<String, String> exemptionAnnotations(KubeObject object) {
        Map<String, String> annotations = new HashMap<>(object.annotations());
        PodSpecAccessor.podTemplate(object).map(PodTemplate::metadata).ifPresent(metadata ->
                metadata.path("annotations").properties().forEach(e -> annotations.putIfAbsent(e.getKey(), e.getValue().asText())));
        return annotations;
    }

    /** What a run produced. */
    public record Evaluation(List<Finding> findings, List<CheckFailure> failures) {
        public List<Finding> reported() {
            return findings.stream().filter(f -> !f.exempted()).toList();
        }

        public List<Finding> exempted() {
            return findings.stream().filter(Finding::exempted).toList();
        }
    }

    /** A check that threw on an object: an internal error, never a silent pass. */
    public record CheckFailure(String check, dev.palisade.source.ObjectRef object, String file, int line, String message) {
        @Override
        public String toString() {
            String where = file == null || file.isEmpty() ? "" : (line > 0 ? file + ":" + line + ": " : file + ": ");
            return where + "check " + check + " failed on " + object + ": " + message;
        }
    }
}
