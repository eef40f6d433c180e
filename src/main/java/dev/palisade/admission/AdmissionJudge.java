package dev.palisade.admission;

import dev.palisade.engine.Check;
import dev.palisade.engine.CheckDefinition;
import dev.palisade.engine.Engine;
import dev.palisade.engine.Finding;
import dev.palisade.netpol.PolicyChangeImpact;
import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges one AdmissionReview request with the same engine and catalogue as {@code palisade lint}: exemptions first,
 * then every enabled check on the new object (UPDATE is judged on the new object alone; DELETE and CONNECT are
 * allowed), then each finding's {@link Mode}. Enforced findings deny, warned ones become {@code response.warnings},
 * audited ones are logged and counted only.
 *
 * <p>Failure behaviour: a check that throws, or an evaluation that outlives {@code admission.timeBudget} (see
 * {@link TimeBudget}), is an internal error. With {@code onCheckError: deny} (the default) the request is denied with
 * code 500 and a message that names the check ("fail closed": a broken guardrail must not silently let everything
 * through); with {@code allow} it is allowed with a warning that names the check. Either way it is logged and counted.
 * The judge runs on the caller's thread.
 */
public final class AdmissionJudge {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionJudge.class);

    private final Engine engine;
    private final Map<String, CheckDefinition> definitions;
    private final AdmissionSettings settings;
    private final ClusterView cluster;
    private final AdmissionMetrics metrics;
    private final Exemptions exemptions;
    private final ModeResolver modes;
    /** Offline only: the warning that names the checks skipped for want of a cluster, else null. */
    private final String offlineWarning;

    public AdmissionJudge(List<Check> checks, AdmissionSettings settings, ClusterView cluster, AdmissionMetrics metrics) {
        List<Check> skipped = cluster.live() ? List.of()
                : checks.stream().filter(c -> LiveClusterTemplates.NAMES.contains(c.definition().template())).toList();
        this.engine = new Engine(checks.stream().filter(c -> !skipped.contains(c)).toList());
        this.offlineWarning = skipped.isEmpty() ? null : "palisade offline, skipped "
                + skipped.stream().map(Check::id).collect(Collectors.joining(", ")) + " (needs the cluster)";
        this.definitions = checks.stream().map(Check::definition)
                .collect(Collectors.toUnmodifiableMap(CheckDefinition::id, Function.identity()));
        this.settings = settings;
        this.cluster = cluster;
        this.metrics = metrics;
        this.exemptions = new Exemptions(settings);
        this.modes = new ModeResolver(settings);
    }

    public AdmissionDecision judge(AdmissionRequest request) {
        boolean delete = request.operation().equals("DELETE");
        if ((delete && !judgesImpact(request)) || request.operation().equals("CONNECT")) {
            return AdmissionDecision.allow("skipped", List.of());
        }
        String exempt = exemptions.reason(request);
        if (exempt != null) {
            return new AdmissionDecision(true, 200, "", List.of(), "exempt", exempt);
        }
        if (delete) {
            KubeObject deleted = KubeObject.of(request.oldObject()).withDefaultNamespace(request.namespace());
            ClusterInventory before = cluster.inventory();
            PolicyChangeImpact.Result impact = impact(before, ReviewInventory.without(before, deleted), deleted, null);
            List<String> warnings = ResponseLimits.warnings(impact == null ? List.of(IMPACT_FAILED)
                    : impact.warnings("deleting " + describe(deleted)), List.of());
            return AdmissionDecision.allow(warnings.isEmpty() ? "allowed" : "warned", warnings);
        }
        if (!ReviewedKinds.KINDS.contains(request.kind())) {
            return AdmissionDecision.allow("skipped", List.of());
        }
        KubeObject object = KubeObject.of(request.object()).withDefaultNamespace(request.namespace());
        ClusterInventory clusterInventory = cluster.inventory();
        ReviewInventory inventory = new ReviewInventory(clusterInventory, object);
        Evaluated evaluated = evaluate(object, inventory);
        for (Engine.CheckFailure failure : evaluated.failures) {
            metrics.error("check");
            LOG.error("check {} failed on {}: {}", failure.check(), failure.object(), failure.message());
        }
        boolean failed = !evaluated.failures.isEmpty();
        String failedChecks = failed
                ? evaluated.failures.stream().map(Engine.CheckFailure::check).distinct().collect(Collectors.joining(", "))
                : "";
        if (failed && settings.denyOnCheckError()) {
            return internalError("internal error in check " + failedChecks);
        }
        Map<String, String> namespaceLabels = cluster.namespaceLabels(request.namespace());
        List<Finding> enforced = new ArrayList<>();
        List<Finding> warned = new ArrayList<>();
        DecisionSummary summary = new DecisionSummary();
        for (Finding finding : evaluated.findings) {
            if (finding.exempted()) {
                metrics.finding(finding.check(), "exempted");
                summary.add("exempted", finding.check());
                LOG.debug("exempted {} {} {}: {}", finding.check(), finding.object(), finding.path(), finding.exemptedBy());
                continue;
            }
            Mode mode = modes.resolve(definitions.get(finding.check()), finding.severity(), namespaceLabels);
            metrics.finding(finding.check(), mode.label());
            if (mode != Mode.OFF) {
                summary.add(mode.label(), finding.check());
                LOG.debug("{} {} {} {}: {}", mode.label(), finding.check(), finding.object(), finding.path(), finding.message());
            }
            switch (mode) {
                case ENFORCE -> enforced.add(finding);
                case WARN -> warned.add(finding);
                default -> { }
            }
        }
        List<String> notes = new ArrayList<>(2);
        String opens = "";
        if (judgesImpact(request)) {
            KubeObject old = request.oldObject() == null ? null : KubeObject.of(request.oldObject()).withDefaultNamespace(request.namespace());
            PolicyChangeImpact.Result impact = impact(clusterInventory, inventory, old, object);
            notes.addAll(impact == null ? List.of(IMPACT_FAILED) : impact.warnings((old == null ? "creating " : "updating ") + describe(object)));
            if (impact != null && settings.networkPolicyImpact().denyOpenToEveryone() && !impact.openToEveryone().isEmpty()) {
                opens = "\n- [networkPolicyImpact] opens pods it selects to " + impact.openToEveryone()
                        + " Fix: name the namespaces or address blocks that need access; admission.networkPolicyImpact.denyOpenToEveryone is on";
                summary.add("enforce", "networkPolicyImpact");
            }
        }
        if (failed) {
            notes.add("palisade: internal error in check " + failedChecks + "; allowed because admission.onCheckError is allow");
        }
        if (offlineWarning != null) {
            notes.add(offlineWarning);
        }
        List<String> warnings = ResponseLimits.warnings(notes, warned);
        if (!enforced.isEmpty() || !opens.isEmpty()) {
            String denial = enforced.isEmpty() ? "palisade denied " + object.ref() + ": the change" + opens
                    : ResponseLimits.denial(object, enforced) + opens;
            return new AdmissionDecision(false, 403, denial, warnings, "denied", summary.toString());
        }
        return new AdmissionDecision(true, 200, "", warnings, failed ? "error" : warnings.isEmpty() ? "allowed" : "warned",
                summary.toString());
    }

    /** The answer when the evaluation has not finished within {@code admission.timeBudget}. */
    AdmissionDecision overBudget() {
        metrics.error("budget");
        return internalError("evaluation did not finish within its " + settings.timeBudget().toMillis() + " ms budget");
    }

    /** The answer when judging itself failed (a bug outside the checks): an internal error like a failed check. */
    AdmissionDecision failed(String what) {
        metrics.error("judge");
        return internalError(what);
    }

    private AdmissionDecision internalError(String what) {
        if (settings.denyOnCheckError()) {
            return new AdmissionDecision(false, 500, "palisade: " + what
                    + "; denied because admission.onCheckError is deny (fail closed). Retry, or ask the cluster"
                    + " administrator to check the webhook's logs.", List.of(), "error");
        }
        return AdmissionDecision.allow("error", List.of("palisade: " + what + "; allowed because admission.onCheckError is allow"));
    }

    /**
     * A Kubernetes NetworkPolicy, a Calico ({@code projectcalico.org/v3}) NetworkPolicy or GlobalNetworkPolicy, an
     * AdminNetworkPolicy or a BaselineAdminNetworkPolicy written (created, updated or deleted)
     * while the webhook sees the cluster: answered with what the change opens and closes ({@link PolicyChangeImpact}),
     * unless {@code networkPolicyImpact.enabled} is false.
     */
    private boolean judgesImpact(AdmissionRequest request) {
        JsonNode object = request.object() != null ? request.object() : request.oldObject();
        if (!cluster.live() || !settings.networkPolicyImpact().enabled() || object == null) {
            return false;
        }
        String apiVersion = object.path("apiVersion").asText();
        return switch (request.kind()) {
            case "NetworkPolicy" -> apiVersion.startsWith("networking.k8s.io/") || apiVersion.startsWith("projectcalico.org/");
            case "GlobalNetworkPolicy" -> apiVersion.startsWith("projectcalico.org/");
            case "AdminNetworkPolicy", "BaselineAdminNetworkPolicy" -> apiVersion.startsWith("policy.networking.k8s.io/");
            default -> false;
        };
    }

    private static final String IMPACT_FAILED = "palisade: the change's impact could not be computed (see the webhook's log)";

    /**
     * The impact, or null when computing it failed: a bug there is logged and counted but never blocks the write (a
     * deletion was always allowed), unlike a failing check.
     */
    private PolicyChangeImpact.Result impact(dev.palisade.engine.Inventory before, dev.palisade.engine.Inventory after,
            KubeObject old, KubeObject now) {
        try {
            PolicyChangeImpact.Result result = PolicyChangeImpact.of(before, after, old, now, settings.networkPolicyImpact().limits());
            if (!result.partial().isEmpty()) {
                LOG.info("change impact of {} is partial: {}", (now != null ? now : old).ref(), result.partial());
            }
            return result;
        } catch (RuntimeException e) {
            metrics.error("impact");
            LOG.error("network policy change impact failed for {}: {}", (now != null ? now : old).ref(), e.toString());
            return null;
        }
    }

    /** {@code NetworkPolicy payments/open-db}, {@code AdminNetworkPolicy deny-team-b} (cluster-scoped). */
    private static String describe(KubeObject policy) {
        String kind = policy.group().equals("projectcalico.org") ? policy.kind() + ".projectcalico.org" : policy.kind();
        return kind + " " + (policy.namespace().isEmpty() ? "" : policy.namespace() + "/") + policy.name();
    }

    private Evaluated evaluate(KubeObject object, ReviewInventory inventory) {
        Evaluated result = new Evaluated(new ArrayList<>(), new ArrayList<>());
        try {
            engine.evaluate(object, inventory, result.findings, result.failures);
        } catch (RuntimeException e) {
            // The engine turns check exceptions into failures; anything reaching here is the engine's own bug.
            Evaluated failed = new Evaluated(new ArrayList<>(), new ArrayList<>());
            failed.failures.add(new Engine.CheckFailure("engine", object.ref(), "", 0, String.valueOf(e)));
            return failed;
        }
        return result;
    }

    private record Evaluated(List<Finding> findings, List<Engine.CheckFailure> failures) {}
}
