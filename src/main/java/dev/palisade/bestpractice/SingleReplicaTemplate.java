package dev.palisade.bestpractice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.KubeObject;
import java.util.List;

/**
 * A Deployment or StatefulSet ({@code kinds}) that runs fewer than {@code minReplicas} (default 2) pods: a node drain,
 * an eviction or a rollout takes the service down. An unset {@code replicas} means 1. {@code replicas: 0} is a
 * deliberate scale-down and passes. A HorizontalPodAutoscaler of the input (or a KEDA ScaledObject) that targets the
 * workload owns its replica count, so the workload passes.
 */
final class SingleReplicaTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "min-replicas";
    }

    @Override
    public String description() {
        return "workloads with fewer replicas than minReplicas and no autoscaler (params: minReplicas, kinds)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        long min = params.number("minReplicas", 2);
        List<String> kinds = params.strings("kinds", List.of("Deployment", "StatefulSet"));
        return (object, inventory, out) -> {
            if (!kinds.contains(object.kind())) {
                return;
            }
            JsonNode replicas = object.root().path("spec").path("replicas");
            long count = replicas.canConvertToLong() ? replicas.asLong() : 1;
            if (count == 0 || count >= min || autoscaled(object, inventory.ofKind("HorizontalPodAutoscaler"), "scaleTargetRef")
                    || autoscaled(object, inventory.ofKind("ScaledObject"), "scaleTargetRef")) {
                return;
            }
            out.add(replicas.isMissingNode() ? "spec" : "spec.replicas", object.kind() + " runs " + count
                    + (count == 1 ? " replica" : " replicas") + (replicas.isMissingNode() ? " (replicas is unset)" : "")
                    + ", fewer than " + min + ", and no autoscaler in the input targets it");
        };
    }

    /** Whether an autoscaler of the same namespace targets this workload (ScaledObject's kind defaults to Deployment). */
    private static boolean autoscaled(KubeObject workload, List<KubeObject> autoscalers, String field) {
        for (KubeObject autoscaler : autoscalers) {
            JsonNode target = autoscaler.root().path("spec").path(field);
            if (autoscaler.namespace().equals(workload.namespace())
                    && target.path("name").asText("").equals(workload.name())
                    && target.path("kind").asText("Deployment").equals(workload.kind())) {
                return true;
            }
        }
        return false;
    }
}
