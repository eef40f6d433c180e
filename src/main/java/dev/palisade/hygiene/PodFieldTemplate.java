package dev.palisade.hygiene;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.workload.PodSpecAccessor;
import java.util.List;

/**
 * A pod spec (of a Pod or any pod controller) that does not set {@code field}, such as {@code priorityClassName}:
 * without one every pod has the default priority, and under pressure the scheduler may preempt the wrong ones.
 * {@code skipKinds} leaves kinds out.
 */
final class PodFieldTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "pod-field";
    }

    @Override
    public String description() {
        return "pod specs that do not set a field (params: field, skipKinds, missing)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        String field = params.requiredString("field");
        List<String> skipKinds = params.strings("skipKinds", List.of());
        String missing = params.string("missing", field + " is unset");
        return (object, inventory, out) -> {
            if (skipKinds.contains(object.kind())) {
                return;
            }
            PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
                JsonNode value = pod.field(field);
                if (value.isMissingNode() || value.isNull() || value.asText("").isEmpty()) {
                    out.add(pod.specPath(), "the pod sets no " + field + ": " + missing);
                }
            });
        };
    }
}
