package dev.palisade.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.workload.PodTemplate;
import java.util.List;
import java.util.Set;

/**
 * Restricted control "Capabilities" (PSA check {@code capabilities_restricted}, policy 1.22, Linux-only since 1.25).
 *
 * <blockquote>Containers must drop ALL capabilities, and are only permitted to add back the NET_BIND_SERVICE
 * capability. This is Linux only policy in v1.25+ (.spec.os.name != "windows")
 * <p><b>Restricted Fields:</b> spec.containers[*].securityContext.capabilities.drop,
 * spec.initContainers[*].securityContext.capabilities.drop,
 * spec.ephemeralContainers[*].securityContext.capabilities.drop
 * <p><b>Allowed Values:</b> Any list of capabilities that includes ALL
 * <p><b>Restricted Fields:</b> spec.containers[*].securityContext.capabilities.add,
 * spec.initContainers[*].securityContext.capabilities.add,
 * spec.ephemeralContainers[*].securityContext.capabilities.add
 * <p><b>Allowed Values:</b> Undefined/nil, NET_BIND_SERVICE</blockquote>
 *
 * {@code drop} must contain the exact string {@code ALL}. Parameter {@code allowedAdd} replaces
 * {@code [NET_BIND_SERVICE]}.
 */
final class CapabilitiesDropAllTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "pss-capabilities-drop-all";
    }

    @Override
    public String description() {
        return "Linux containers that do not drop ALL capabilities or add any but a few (params: allowedAdd)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        Set<String> allowedAdd = Set.copyOf(params.strings("allowedAdd", List.of("NET_BIND_SERVICE")));
        String why = "the restricted profile allows only " + String.join(", ", allowedAdd.stream().sorted().toList());
        PodRule rule = (pod, out) -> {
            if (pod.isWindows()) {
                return;
            }
            for (PodTemplate.Container container : pod.containers()) {
                SecurityContextOwner owner = SecurityContextOwner.of(container);
                JsonNode drop = owner.field("capabilities", "drop");
                if (!dropsAll(drop)) {
                    String where = FieldValues.isSet(drop) ? owner.path("capabilities", "drop") : container.path();
                    out.add(where, owner.who() + " must set securityContext.capabilities.drop to include ALL (drops "
                            + (FieldValues.isSet(drop) ? drop.toString() : "nothing") + ")");
                }
                CapabilityAdditionsTemplate.reportAdditions(owner, allowedAdd, why, out);
            }
        };
        return rule.evaluator();
    }

    private static boolean dropsAll(JsonNode drop) {
        for (JsonNode capability : drop) {
            if ("ALL".equals(FieldValues.text(capability))) {
                return true;
            }
        }
        return false;
    }
}
