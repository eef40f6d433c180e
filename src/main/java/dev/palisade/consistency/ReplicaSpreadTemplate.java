package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import java.util.OptionalLong;

/**
 * A workload that runs at least {@code minReplicas} pods (default 2) with neither a pod anti-affinity nor a
 * topology spread constraint: the scheduler may put every replica on one node (or zone), and one node failure takes
 * them all. Either mechanism, required or preferred, passes.
 */
final class ReplicaSpreadTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "replica-spread";
    }

    @Override
    public String description() {
        return "replicated workloads without podAntiAffinity or topologySpreadConstraints (params: minReplicas)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        long minReplicas = params.number("minReplicas", 2);
        return (object, inventory, out) -> {
            if (!ReplicatedWorkload.KINDS.contains(object.kind())) {
                return;
            }
            OptionalLong replicas = ReplicatedWorkload.replicas(object, InputIndex.of(inventory));
            InputIndex.owner(object).ifPresent(owner -> {
                JsonNode spec = owner.pod().spec();
                boolean spread = spec.path("affinity").path("podAntiAffinity").isObject()
                        || (spec.path("topologySpreadConstraints").isArray() && !spec.path("topologySpreadConstraints").isEmpty());
                if (replicas.orElse(0) >= minReplicas && !spread) {
                    out.add(ReplicatedWorkload.path(object), object.kind() + " runs " + replicas.getAsLong() + " replicas without"
                            + " podAntiAffinity or topologySpreadConstraints: the scheduler may place them all on one node");
                }
            });
        };
    }
}
