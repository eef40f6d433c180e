package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A PodDisruptionBudget that allows no voluntary eviction at all: {@code maxUnavailable: 0} (or "0%"),
 * {@code minAvailable: "100%"}, or a whole-number {@code minAvailable} at or above the replicas of every workload of
 * the input it selects (for a workload an autoscaler owns, its minReplicas: at that scale nothing can be evicted). A
 * node drain then waits forever and cluster upgrades stall.
 */
final class BudgetAllowsEvictionTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "budget-allows-eviction";
    }

    @Override
    public String description() {
        return "PodDisruptionBudgets that allow no eviction (maxUnavailable 0, minAvailable 100% or at the replica count)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> {
            if (!object.kind().equals("PodDisruptionBudget")) {
                return;
            }
            JsonNode spec = object.root().path("spec");
            JsonNode maxUnavailable = spec.path("maxUnavailable");
            JsonNode minAvailable = spec.path("minAvailable");
            if (isZero(maxUnavailable)) {
                out.add("spec.maxUnavailable", "maxUnavailable is " + maxUnavailable.asText() + ": no pod it selects can"
                        + " ever be evicted, so node drains wait forever");
            } else if (minAvailable.isTextual() && minAvailable.asText().strip().equals("100%")) {
                out.add("spec.minAvailable", "minAvailable is 100%: no pod it selects can ever be evicted, so node drains"
                        + " wait forever");
            } else if (minAvailable.canConvertToInt() && minAvailable.isNumber()) {
                Selectors.Selector selector = Selectors.labelSelector(spec.path("selector"), true);
                if (selector == null) {
                    return;
                }
                InputIndex index = InputIndex.of(inventory);
                List<String> blocked = new ArrayList<>();
                for (InputIndex.PodOwner owner : index.selected(object.namespace(), selector.matchLabels(), selector::test)) {
                    OptionalLong replicas = ReplicatedWorkload.replicas(owner.object(), index);
                    if (replicas.isEmpty() || replicas.getAsLong() > minAvailable.asLong()) {
                        return;
                    }
                    boolean autoscaled = !index.autoscalersOf(owner.object()).isEmpty();
                    blocked.add(owner.describe() + " (" + replicas.getAsLong() + (autoscaled ? " at its autoscaler's minimum)"
                            : replicas.getAsLong() == 1 ? " replica)" : " replicas)"));
                }
                if (!blocked.isEmpty()) {
                    out.add("spec.minAvailable", "minAvailable is " + minAvailable.asLong() + " while " + String.join(", ", blocked)
                            + " runs no more: no pod can ever be evicted, so node drains wait forever");
                }
            }
        };
    }

    private static boolean isZero(JsonNode value) {
        return (value.isNumber() && value.asLong() == 0) || (value.isTextual() && value.asText().strip().matches("0+%?"));
    }
}
