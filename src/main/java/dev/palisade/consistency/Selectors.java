package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.netpol.LabelSelector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The two selector shapes of the workload API: a {@code metav1.LabelSelector} (matchLabels and matchExpressions:
 * Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, PodDisruptionBudget) and a plain label map (Service,
 * ReplicationController), as one {@link Selector}.
 */
final class Selectors {
    private Selectors() {}

    /** A selector's equality pairs (they choose the index's posting list) and its whole test. */
    record Selector(Map<String, String> matchLabels, Predicate<Map<String, String>> test, String text) {
        boolean test(Map<String, String> labels) {
            return test.test(labels);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * A {@code metav1.LabelSelector}, or null when it cannot be read (the schema check reports that) or when it is
     * missing and {@code missingSelectsNothing} (a PodDisruptionBudget's null selector matches no pod).
     */
    static Selector labelSelector(JsonNode node, boolean missingSelectsNothing) {
        if ((node.isMissingNode() || node.isNull()) && missingSelectsNothing) {
            return null;
        }
        List<String[]> errors = new ArrayList<>();
        LabelSelector selector = LabelSelector.parse(node, "", errors);
        if (selector == null) {
            return null;
        }
        return new Selector(selector.matchLabels(), selector::matches, selector.toString());
    }

    /** A plain {@code key: value} selector (all pairs must match), or null when it is not a mapping. */
    static Selector labelMap(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        node.properties().forEach(e -> pairs.put(e.getKey(), e.getValue().asText()));
        List<String> text = new ArrayList<>();
        pairs.forEach((k, v) -> text.add(k + "=" + v));
        return new Selector(pairs, labels -> {
            for (Map.Entry<String, String> pair : pairs.entrySet()) {
                if (!pair.getValue().equals(labels.get(pair.getKey()))) {
                    return false;
                }
            }
            return true;
        }, "{" + String.join(",", text) + "}");
    }
}
