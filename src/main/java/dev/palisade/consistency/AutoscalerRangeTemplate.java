package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;

/**
 * A HorizontalPodAutoscaler whose range leaves no room: {@code minReplicas} (1 when unset) below
 * {@code minReplicas} of the check (default 2), so a quiet hour scales the workload to one pod that a node drain
 * takes down, or {@code maxReplicas} equal to {@code minReplicas}, so it can never scale.
 */
final class AutoscalerRangeTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "autoscaler-range";
    }

    @Override
    public String description() {
        return "HorizontalPodAutoscalers with minReplicas below a floor, or maxReplicas equal to minReplicas (params: minReplicas)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        long floor = params.number("minReplicas", 2);
        return (object, inventory, out) -> {
            if (!object.kind().equals("HorizontalPodAutoscaler")) {
                return;
            }
            JsonNode spec = object.root().path("spec");
            long min = spec.path("minReplicas").asLong(1);
            if (min < floor) {
                out.add(spec.has("minReplicas") ? "spec.minReplicas" : "spec", "the autoscaler may scale down to " + min
                        + (min == 1 ? " replica" : " replicas") + (spec.has("minReplicas") ? "" : " (minReplicas is unset)")
                        + ", fewer than " + floor + ": a drain then takes the workload down");
            } else if (spec.path("maxReplicas").asLong(-1) == min) {
                out.add("spec.maxReplicas", "maxReplicas equals minReplicas (" + min + "): the autoscaler can never scale");
            }
        };
    }
}
