package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.KubeObject;
import java.util.Optional;

/**
 * A StatefulSet whose {@code serviceName} names no Service of its namespace, or a Service that is not headless
 * ({@code clusterIP: None}): the pods then get no stable DNS names ({@code pod-0.service}), which is what the
 * governing Service is for. Judged only where the inventory holds every Service (a lint input, not the webhook's
 * cache); a StatefulSet without serviceName is skipped.
 */
final class StatefulSetServiceTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "statefulset-service";
    }

    @Override
    public String description() {
        return "StatefulSets whose serviceName names no headless Service of the input";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> {
            JsonNode serviceName = object.root().path("spec").path("serviceName");
            if (!object.kind().equals("StatefulSet") || serviceName.asText("").isEmpty() || !inventory.holdsEvery("Service")) {
                return;
            }
            Optional<KubeObject> service = InputIndex.of(inventory).service(object.namespace(), serviceName.asText());
            if (service.isEmpty()) {
                out.add("spec.serviceName", "serviceName \"" + serviceName.asText() + "\" names no Service of namespace "
                        + ServiceSelectsPodsTemplate.namespaceName(object.namespace()) + " in the input: the pods get no stable DNS names");
            } else if (!service.get().root().path("spec").path("clusterIP").asText("").equals("None")) {
                out.add("spec.serviceName", "serviceName \"" + serviceName.asText() + "\" names a Service that is not headless"
                        + " (clusterIP: None): the pods get no stable DNS names");
            }
        };
    }
}
