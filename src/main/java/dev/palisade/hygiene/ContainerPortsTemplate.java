package dev.palisade.hygiene;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.FieldPath;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.List;

/**
 * Container ports that say something about the process behind them: a number below {@code below} (privileged ports:
 * binding one needs root or NET_BIND_SERVICE), one of {@code ports}, or a port whose name is one of {@code names}
 * (an SSH server in a container: a second way in that bypasses {@code kubectl exec} auditing).
 */
final class ContainerPortsTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "container-ports";
    }

    @Override
    public String description() {
        return "container ports below a number, with given numbers or with given names (params: below, ports, names, reason)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        long below = params.number("below", 0);
        List<String> ports = params.strings("ports", List.of());
        List<String> names = params.strings("names", List.of());
        String reason = params.requiredString("reason");
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            for (PodTemplate.Container container : pod.containers()) {
                JsonNode declared = container.node().path("ports");
                for (int i = 0; i < declared.size(); i++) {
                    JsonNode port = declared.get(i);
                    long number = port.path("containerPort").asLong(-1);
                    String name = port.path("name").asText("");
                    if ((number >= 0 && number < below) || ports.contains(String.valueOf(number)) || names.contains(name)) {
                        out.add(FieldPath.field(FieldPath.index(container.path("ports"), i), "containerPort"),
                                container.describe() + " declares port " + number + (name.isEmpty() ? "" : " (" + name + ")")
                                        + ": " + reason);
                    }
                }
            }
        });
    }
}
