package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import java.util.Set;

/**
 * A HorizontalPodAutoscaler whose {@code scaleTargetRef} names a Deployment, StatefulSet, ReplicaSet or
 * ReplicationController that is not in its namespace of the input: it scales nothing (a dangling autoscaler, often
 * left behind by a rename). Other target kinds (a custom resource with a scale subresource) cannot be judged and are
 * skipped, and so is an autoscaler whose namespace holds no Pod or pod controller in the input.
 */
final class ScaleTargetTemplate implements CheckTemplate {
    private static final Set<String> KNOWN_TARGETS = Set.of("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController");

    @Override
    public String name() {
        return "scale-target";
    }

    @Override
    public String description() {
        return "HorizontalPodAutoscalers whose scaleTargetRef is not in the input";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> {
            if (!object.kind().equals("HorizontalPodAutoscaler")) {
                return;
            }
            InputIndex index = InputIndex.of(inventory);
            JsonNode target = object.root().path("spec").path("scaleTargetRef");
            String kind = target.path("kind").asText("");
            if (!KNOWN_TARGETS.contains(kind) || !index.hasPodOwners(object.namespace())) {
                return;
            }
            String name = target.path("name").asText("");
            if (index.podOwner(object.namespace(), kind, name).isEmpty()) {
                out.add("spec.scaleTargetRef.name", "the autoscaler targets " + kind + "/" + name
                        + ", which is not in namespace " + ServiceSelectsPodsTemplate.namespaceName(object.namespace())
                        + " of the input: it scales nothing");
            }
        };
    }
}
