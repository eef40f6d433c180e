package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import java.util.Map;
import java.util.Set;

/**
 * A controller whose selector does not match the labels of its own pod template. The API server rejects it for
 * Deployment, StatefulSet, DaemonSet and ReplicaSet ("selector does not match template labels"), and a
 * ReplicationController or a Job with {@code manualSelector: true} would create pods it never counts as its own.
 * A Job without manualSelector gets a generated selector and is skipped; a ReplicationController without a selector
 * defaults it to the template's labels.
 */
final class SelectorMatchesTemplateTemplate implements CheckTemplate {
    private static final Set<String> LABEL_SELECTOR_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet");

    @Override
    public String name() {
        return "selector-matches-template";
    }

    @Override
    public String description() {
        return "controllers whose spec.selector does not match their pod template's labels";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> InputIndex.owner(object).ifPresent(owner -> {
            String kind = object.kind();
            JsonNode selectorNode = object.root().path("spec").path("selector");
            Selectors.Selector selector;
            if (LABEL_SELECTOR_KINDS.contains(kind)
                    || (kind.equals("Job") && object.root().path("spec").path("manualSelector").asBoolean(false))) {
                if (selectorNode.isMissingNode() || selectorNode.isNull()) {
                    return; // required by the schema, which reports it
                }
                selector = Selectors.labelSelector(selectorNode, false);
            } else if (kind.equals("ReplicationController") && selectorNode.isObject()) {
                selector = Selectors.labelMap(selectorNode);
            } else {
                return;
            }
            if (selector != null && !selector.test(owner.labels())) {
                out.add("spec.selector", kind + " selector " + selector + " does not match its pod template's labels "
                        + describe(owner.labels()) + ": the controller never counts the pods it creates as its own");
            }
        });
    }

    static String describe(Map<String, String> labels) {
        return labels.isEmpty() ? "(none)" : new java.util.TreeMap<>(labels).toString();
    }
}
