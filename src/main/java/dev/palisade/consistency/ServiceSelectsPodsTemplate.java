package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;

/**
 * A Service whose selector matches no Pod or pod template of its namespace in the input: its endpoints stay empty
 * and every connection to it fails, usually because of a label typo. Services without a selector (endpoints managed
 * by hand or by a controller) and ExternalName Services are skipped, and a Service is judged only when the input
 * holds Pods or pod controllers of its namespace: a file of Services alone says nothing about the pods they serve.
 */
final class ServiceSelectsPodsTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "service-selects-pods";
    }

    @Override
    public String description() {
        return "Services whose selector matches no Pod or pod template of the input";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> {
            if (!isSelectingService(object.kind(), object.group(), object.root())) {
                return;
            }
            InputIndex index = InputIndex.of(inventory);
            if (!index.hasPodOwners(object.namespace())) {
                return;
            }
            Selectors.Selector selector = Selectors.labelMap(object.root().path("spec").path("selector"));
            if (selector != null && index.selected(object.namespace(), selector.matchLabels(), selector::test).isEmpty()) {
                out.add("spec.selector", "Service selector " + selector + " matches no Pod or pod template of namespace "
                        + namespaceName(object.namespace()) + " in the input: its endpoints stay empty");
            }
        };
    }

    /** A core Service with a non-empty selector that is not of type ExternalName. */
    static boolean isSelectingService(String kind, String group, JsonNode root) {
        JsonNode spec = root.path("spec");
        return kind.equals("Service") && group.isEmpty() && spec.path("selector").isObject()
                && !spec.path("selector").isEmpty() && !spec.path("type").asText("").equals("ExternalName");
    }

    static String namespaceName(String namespace) {
        return namespace.isEmpty() ? "(unset)" : namespace;
    }
}
