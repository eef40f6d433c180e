package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.Violation;
import dev.palisade.source.FieldPath;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.List;

/**
 * A liveness, readiness or startup probe ({@code httpGet}, {@code tcpSocket} or {@code grpc}) on a port that the
 * pod does not declare. A named port must be declared by the probed container itself (the kubelet resolves it
 * there): unresolved, the probe fails and the container restarts or never becomes ready. A number that no container
 * of the pod declares still works if something listens, but usually means the probe and the port drifted apart: it
 * is reported one severity lower.
 */
final class ProbePortTemplate implements CheckTemplate {
    private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");
    private static final List<String> HANDLERS = List.of("httpGet", "tcpSocket", "grpc");

    @Override
    public String name() {
        return "probe-port";
    }

    @Override
    public String description() {
        return "probes on a port name the container does not declare, or a number no container of the pod declares";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            List<DeclaredPort> declared = DeclaredPort.of(pod);
            for (PodTemplate.Container container : pod.containers()) {
                for (String probe : PROBES) {
                    for (String handler : HANDLERS) {
                        JsonNode port = container.node().path(probe).path(handler).path("port");
                        if (!port.isValueNode()) {
                            continue;
                        }
                        String path = FieldPath.field(FieldPath.field(container.path(probe), handler), "port");
                        if (port.isNumber()) {
                            if (declared.stream().noneMatch(d -> d.number() == port.asInt())) {
                                out.add(new Violation(path, container.describe() + " " + probe + " probes port " + port.asInt()
                                        + ", which no container of the pod declares", 1, null));
                            }
                        } else if (declared.stream().noneMatch(d -> d.container().equals(container.name()) && d.name().equals(port.asText()))) {
                            out.add(path, container.describe() + " " + probe + " probes the port named \"" + port.asText()
                                    + "\", which the container does not declare: the probe always fails");
                        }
                    }
                }
            }
        });
    }
}
