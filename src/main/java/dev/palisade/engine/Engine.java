package dev.palisade.engine;

import dev.palisade.source.KubeObject;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs checks on objects and turns violations into findings. Knows nothing of files, HTTP or output formats: the
 * linter, the webhook and the audit are adapters around it.
 */
public final class Engine {
    /** In-manifest exemption, per check: {@code ignore-check.palisade.dev/<check-id>: "reason"}. */
    public static final String EXEMPTION_PREFIX = "ignore-check.palisade.dev/";

    private final List<Check> checks;

    private final Map<String, List<String>> supersedes = new HashMap<>();
    private final boolean anySupersedes;

    public Engine(List<Check> checks) {
        this.checks = List.copyOf(checks);
        checks.forEach(c -> supersedes.put(c.id(), c.definition().supersedes()));
        this.anySupersedes = checks.stream().anyMatch(c -> !c.definition().supersedes().isEmpty());
    }

    public List<Check> checks() {
        return checks;
    }

    /** Findings (exempted ones included, marked) and check failures of a whole input. */
    public Evaluation evaluate(List<KubeObject> objects, Inventory inventory) {
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
        dropSuperseded(findings, first);
    }

    private void dropSuperseded(List<Finding> findings, int first) {
        if (!anySupersedes) {
            return;
        }
        List<Finding> mine = findings.subList(first, findings.size());
        List<Finding> dropped = new ArrayList<>();
        for (Finding extending : mine) {
            for (Finding extended : mine) {
                if (extending.path().equals(extended.path()) && supersedes(extending.check(), extended.check())) {
                    dropped.add(extended.severity().compareTo(extending.severity()) > 0 ? extending : extended);
                }
            }
        }
        mine.removeIf(f -> dropped.stream().anyMatch(d -> d == f));
    }

    private boolean supersedes(String check, String other) {
        return supersedes.getOrDefault(check, List.of()).contains(other);
    }

    private void judge(KubeObject object, Inventory inventory, List<Finding> findings, List<CheckFailure> failures) {
        Map<String, String> annotations = exemptionAnnotations(object);
        for (Check check : checks) {
            Violations violations = new Violations();
            try {
                check.evaluator().evaluate(object, inventory, violations);
            } catch (RuntimeException e) {
                failures.add(new CheckFailure(check.id(), object.ref(), object.file(), object.line(),
                        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
                continue;
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
