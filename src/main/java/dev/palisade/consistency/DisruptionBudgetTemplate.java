package dev.palisade.consistency;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import java.util.OptionalLong;

/**
 * A workload that runs at least {@code minReplicas} pods (default 2) and that no PodDisruptionBudget of the input
 * selects: a node drain or a cluster upgrade may evict every replica at once, which is what running several was meant
 * to prevent. Judged only where the inventory holds every PodDisruptionBudget (a lint input, not the webhook's cache).
 */
final class DisruptionBudgetTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "disruption-budget";
    }

    @Override
    public String description() {
        return "replicated workloads no PodDisruptionBudget of the input selects (params: minReplicas)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        long minReplicas = params.number("minReplicas", 2);
        return (object, inventory, out) -> {
            if (!ReplicatedWorkload.KINDS.contains(object.kind()) || !inventory.holdsEvery("PodDisruptionBudget")) {
                return;
            }
            InputIndex index = InputIndex.of(inventory);
            OptionalLong replicas = ReplicatedWorkload.replicas(object, index);
            InputIndex.owner(object).ifPresent(owner -> {
                if (replicas.orElse(0) >= minReplicas && index.budgetsCovering(owner).isEmpty()) {
                    out.add(ReplicatedWorkload.path(object), object.kind() + " runs " + replicas.getAsLong()
                            + " replicas and no PodDisruptionBudget of the input selects its pods: a drain may evict them all at once");
                }
            });
        };
    }
}
