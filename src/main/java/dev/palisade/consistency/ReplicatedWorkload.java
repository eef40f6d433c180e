package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.source.KubeObject;
import java.util.List;
import java.util.OptionalLong;

/**
 * How many pods a Deployment, StatefulSet or ReplicaSet runs, for the checks that ask more of replicated workloads:
 * {@code spec.replicas} (unset means 1), or the highest {@code minReplicas} of an autoscaler of the input that
 * targets it (the autoscaler owns the count; its minimum is what always runs).
 */
final class ReplicatedWorkload {
    static final List<String> KINDS = List.of("Deployment", "StatefulSet", "ReplicaSet");

    private ReplicatedWorkload() {}

    /** The replica count, or empty for other kinds. */
    static OptionalLong replicas(KubeObject object, InputIndex index) {
        if (!KINDS.contains(object.kind())) {
            return OptionalLong.empty();
        }
        List<KubeObject> autoscalers = index.autoscalersOf(object);
        if (!autoscalers.isEmpty()) {
            long min = 1;
            for (KubeObject autoscaler : autoscalers) {
                JsonNode spec = autoscaler.root().path("spec");
                min = Math.max(min, spec.path(autoscaler.kind().equals("ScaledObject") ? "minReplicaCount" : "minReplicas").asLong(1));
            }
            return OptionalLong.of(min);
        }
        JsonNode replicas = object.root().path("spec").path("replicas");
        return OptionalLong.of(replicas.canConvertToLong() ? replicas.asLong() : 1);
    }

    /** Where a finding about the replica count points: the field, else the spec. */
    static String path(KubeObject object) {
        return object.root().path("spec").has("replicas") ? "spec.replicas" : "spec";
    }
}
