package dev.palisade.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.Violations;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.source.FieldPath;
import dev.palisade.workload.PodTemplate;
import java.util.List;
import java.util.Set;

/**
 * Baseline control "Probes / Lifecycle Hooks" (PSA check {@code hostProbesAndHostLifecycle}, policy 1.34).
 *
 * <blockquote>The Host field in probes and lifecycle hooks must be disallowed.
 * <p><b>Restricted Fields:</b> spec.containers[*].livenessProbe.httpGet.host,
 * spec.containers[*].readinessProbe.httpGet.host, spec.containers[*].startupProbe.httpGet.host,
 * spec.containers[*].livenessProbe.tcpSocket.host, spec.containers[*].readinessProbe.tcpSocket.host,
 * spec.containers[*].startupProbe.tcpSocket.host, spec.containers[*].lifecycle.postStart.tcpSocket.host,
 * spec.containers[*].lifecycle.preStop.tcpSocket.host, spec.containers[*].lifecycle.postStart.httpGet.host,
 * spec.containers[*].lifecycle.preStop.httpGet.host, and the same under initContainers and ephemeralContainers
 * <p><b>Allowed Values:</b> Undefined/nil, ""</blockquote>
 *
 * The kubelet sends these requests from the node, so a host lets a pod reach any address the node can, including
 * localhost. PSA forbids every non-empty host; parameter {@code allowedHosts} admits a known list.
 */
final class ProbeHostTemplate implements WorkloadTemplate {
    private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");
    private static final List<String> HOOKS = List.of("postStart", "preStop");
    private static final List<String> ACTIONS = List.of("httpGet", "tcpSocket");

    @Override
    public String name() {
        return "pss-probe-host";
    }

    @Override
    public String description() {
        return "probes and lifecycle hooks that send requests to a host other than the pod (params: allowedHosts)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        Set<String> allowedHosts = Set.copyOf(params.strings("allowedHosts", List.of()));
        PodRule rule = (pod, out) -> {
            for (PodTemplate.Container container : pod.containers()) {
                for (String probe : PROBES) {
                    check(container, container.node().path(probe), container.path(probe), probe, allowedHosts, out);
                }
                String lifecycle = container.path("lifecycle");
                for (String hook : HOOKS) {
                    check(container, container.node().path("lifecycle").path(hook), FieldPath.field(lifecycle, hook),
                            "lifecycle." + hook, allowedHosts, out);
                }
            }
        };
        return rule.evaluator();
    }

    private static void check(PodTemplate.Container container, JsonNode handler, String handlerPath, String label,
                              Set<String> allowedHosts, Violations out) {
        for (String action : ACTIONS) {
            String host = FieldValues.text(handler.path(action).path("host"));
            if (!host.isEmpty() && !allowedHosts.contains(host)) {
                out.add(FieldPath.field(FieldPath.field(handlerPath, action), "host"), container.describe() + " sets "
                        + label + "." + action + ".host to \"" + host + "\"; the kubelet would connect there from the node");
            }
        }
    }
}
