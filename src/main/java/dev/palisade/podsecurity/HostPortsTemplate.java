package dev.palisade.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.source.FieldPath;
import dev.palisade.workload.PodTemplate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Baseline control "Host Ports" (PSA check {@code hostPorts}, policy 1.0).
 *
 * <blockquote>HostPorts should be disallowed entirely (recommended) or restricted to a known list
 * <p><b>Restricted Fields:</b> spec.containers[*].ports[*].hostPort, spec.initContainers[*].ports[*].hostPort,
 * spec.ephemeralContainers[*].ports[*].hostPort
 * <p><b>Allowed Values:</b> Undefined/nil, Known list (not supported by the built-in Pod Security Admission
 * controller), 0</blockquote>
 *
 * Parameter {@code allowed}: the known list (default empty, as Pod Security Admission).
 */
final class HostPortsTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "pss-host-ports";
    }

    @Override
    public String description() {
        return "container ports bound to a port of the node (params: allowed)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        Set<Long> allowed = new HashSet<>();
        for (String port : params.strings("allowed", List.of())) {
            try {
                allowed.add(Long.parseLong(port.strip()));
            } catch (NumberFormatException e) {
                throw new CatalogueException("check " + params.check() + ": allowed lists \"" + port
                        + "\", which is not a port number");
            }
        }
        PodRule rule = (pod, out) -> {
            for (PodTemplate.Container container : pod.containers()) {
                JsonNode ports = container.node().path("ports");
                for (int i = 0; i < ports.size(); i++) {
                    JsonNode hostPort = ports.get(i).path("hostPort");
                    if (!FieldValues.isSet(hostPort) || FieldValues.isZero(hostPort)
                            || (hostPort.canConvertToLong() && allowed.contains(hostPort.asLong()))) {
                        continue;
                    }
                    out.add(FieldPath.field(FieldPath.index(container.path("ports"), i), "hostPort"),
                            container.describe() + " binds hostPort " + hostPort.asText() + " in ports[" + i + "]");
                }
            }
        };
        return rule.evaluator();
    }
}
