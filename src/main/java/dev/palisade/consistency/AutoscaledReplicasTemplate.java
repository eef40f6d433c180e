package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.KubeObject;
import java.util.List;

/**
 * A workload that an autoscaler of the input owns and that still sets {@code spec.replicas}: every
 * {@code kubectl apply} (or Helm upgrade) of the manifest resets the count the autoscaler chose, so each deploy
 * briefly scales to the written number. Leave replicas out of the manifest when an autoscaler owns it.
 */
final class AutoscaledReplicasTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "autoscaled-replicas";
    }

    @Override
    public String description() {
        return "workloads that set spec.replicas while an autoscaler of the input targets them";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> {
            if (!ReplicatedWorkload.KINDS.contains(object.kind()) || !object.root().path("spec").has("replicas")) {
                return;
            }
            List<KubeObject> autoscalers = InputIndex.of(inventory).autoscalersOf(object);
            if (!autoscalers.isEmpty()) {
                KubeObject autoscaler = autoscalers.getFirst();
                out.add("spec.replicas", object.kind() + " sets replicas while " + autoscaler.kind() + "/" + autoscaler.name()
                        + " owns the count: every apply resets what the autoscaler chose");
            }
        };
    }
}
