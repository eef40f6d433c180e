package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.FieldPath;
import java.util.List;

/**
 * A Service port whose {@code targetPort} (default: its {@code port}) no selected container declares: a name that no
 * container port carries leaves the endpoint without that port (connections are refused), a number that no container
 * declares usually means the Service and the Deployment drifted apart. Named ports are looked up per pod, as the
 * endpoints controller does; the protocol must match too (default TCP). Services that select nothing are left to
 * {@code service-selects-pods}.
 */
final class ServiceTargetPortTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "service-target-port";
    }

    @Override
    public String description() {
        return "Service ports whose targetPort (number or name) no selected container declares";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> {
            if (!ServiceSelectsPodsTemplate.isSelectingService(object.kind(), object.group(), object.root())) {
                return;
            }
            InputIndex index = InputIndex.of(inventory);
            Selectors.Selector selector = Selectors.labelMap(object.root().path("spec").path("selector"));
            List<InputIndex.PodOwner> selected = index.selected(object.namespace(), selector.matchLabels(), selector::test);
            if (selected.isEmpty()) {
                return;
            }
            JsonNode ports = object.root().path("spec").path("ports");
            for (int i = 0; i < ports.size(); i++) {
                JsonNode port = ports.get(i);
                JsonNode target = port.hasNonNull("targetPort") ? port.get("targetPort") : port.path("port");
                String protocol = port.path("protocol").asText("TCP");
                if (!target.isValueNode() || selected.stream().anyMatch(owner -> DeclaredPort.of(owner.pod()).stream()
                        .anyMatch(declared -> declared.answers(target, protocol)))) {
                    continue;
                }
                String at = FieldPath.index("spec.ports", i);
                out.add(port.hasNonNull("targetPort") ? FieldPath.field(at, "targetPort") : at, "Service targets "
                        + DeclaredPort.describe(target) + "/" + protocol + ", which no container of "
                        + String.join(", ", selected.stream().map(InputIndex.PodOwner::describe).distinct().toList()) + " declares");
            }
        };
    }
}
