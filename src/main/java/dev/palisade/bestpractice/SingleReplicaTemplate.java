package dev.palisade.bestpractice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.InventoryView;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.KubeObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Deployment or StatefulSet ({@code kinds}) that runs fewer than {@code minReplicas} (default 2) pods: a node drain,
 * an eviction or a rollout takes the service down. An unset {@code replicas} means 1. {@code replicas: 0} is a
 * deliberate scale-down and passes. A HorizontalPodAutoscaler of the input (or a KEDA ScaledObject) that targets the
 * workload owns its replica count, so the workload passes.
 */
final class SingleReplicaTemplate implements CheckTemplate {
    private static final List<String> DEFAULT_KINDS = List.of("Deployment", "StatefulSet");

    /** A workload an autoscaler targets: of the autoscaler's namespace (a ScaledObject's kind defaults to Deployment). */
    private record Target(String namespace, String kind, String name) {}

    /** Every workload an autoscaler of the input targets: O(autoscalers), once per run. */
    private static final InventoryView<Set<Target>> AUTOSCALED = new InventoryView<>("autoscaled workloads", inventory -> {
        Set<Target> targets = new HashSet<>();
        for (String kind : List.of("HorizontalPodAutoscaler", "ScaledObject")) {
            for (KubeObject autoscaler : inventory.ofKind(kind)) {
                JsonNode target = autoscaler.root().path("spec").path("scaleTargetRef");
                targets.add(new Target(autoscaler.namespace(), target.path("kind").asText("Deployment"), target.path("name").asText("")));
            }
        }
        return Set.copyOf(targets);
    });

    @Override
    public String name() {
        return "min-replicas";
    }

    @Override
    public String description() {
        return "workloads with fewer replicas than minReplicas and no autoscaler (params: minReplicas, kinds)";
    }

    @Override
    public ObjectKinds kinds(TemplateParams params) {
        return ObjectKinds.of(params.strings("kinds", DEFAULT_KINDS));
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        long min = params.number("minReplicas", 2);
        List<String> kinds = params.strings("kinds", DEFAULT_KINDS);
        return (object, inventory, out) -> {
            if (!kinds.contains(object.kind())) {
                return;
            }
            JsonNode replicas = object.root().path("spec").path("replicas");
            long count = replicas.canConvertToLong() ? replicas.asLong() : 1;
            if (count == 0 || count >= min
                    || inventory.view(AUTOSCALED).contains(new Target(object.namespace(), object.kind(), object.name()))) {
                return;
            }
            out.add(replicas.isMissingNode() ? "spec" : "spec.replicas", object.kind() + " runs " + count
                    + (count == 1 ? " replica" : " replicas") + (replicas.isMissingNode() ? " (replicas is unset)" : "")
                    + ", fewer than " + min + ", and no autoscaler in the input targets it");
        };
    }
}
