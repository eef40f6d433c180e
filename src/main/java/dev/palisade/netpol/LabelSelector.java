package dev.palisade.netpol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes {@code metav1.LabelSelector}: "The result of matchLabels and matchExpressions are ANDed. An empty
 * label selector matches all objects." matchExpressions operators: In, NotIn, Exists, DoesNotExist; "If the
 * operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the
 * values array must be empty." NotIn and DoesNotExist match objects without the key.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) implements LabelMatcher {

    public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

    public LabelSelector {
        matchLabels = Map.copyOf(matchLabels);
        matchExpressions = List.copyOf(matchExpressions);
    }

    public enum Operator { IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    public record Requirement(String key, Operator operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case IN -> value != null && values.contains(value);
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }
    }

    @Override
    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (Requirement requirement : matchExpressions) {
            if (!requirement.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean matchesEverything() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }

    /**
     * Parses a selector node (missing means everything). On a problem it adds {@code [path, message]} to
     * {@code errors} and returns null; the caller leaves out what the selector belonged to and reports it.
     */
    public static LabelSelector parse(JsonNode node, String path, List<String[]> errors) {
        if (node.isMissingNode() || node.isNull()) {
            return EVERYTHING;
        }
        if (!node.isObject()) {
            errors.add(new String[] {path, "a label selector must be a mapping with matchLabels and/or matchExpressions"});
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode matchLabels = node.path("matchLabels");
        if (!matchLabels.isMissingNode() && !matchLabels.isNull()) {
            if (!matchLabels.isObject()) {
                errors.add(new String[] {path + ".matchLabels", "matchLabels must be a mapping of label to value"});
                return null;
            }
            matchLabels.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        }
        List<Requirement> requirements = new ArrayList<>();
        JsonNode expressions = node.path("matchExpressions");
        for (int i = 0; i < expressions.size(); i++) {
            JsonNode expression = expressions.get(i);
            String at = path + ".matchExpressions[" + i + "]";
            String key = expression.path("key").asText("");
            Operator operator = switch (expression.path("operator").asText("")) {
                case "In" -> Operator.IN;
                case "NotIn" -> Operator.NOT_IN;
                case "Exists" -> Operator.EXISTS;
                case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
                default -> null;
            };
            if (key.isEmpty() || operator == null) {
                errors.add(new String[] {at, "a match expression needs a key and an operator In, NotIn, Exists or DoesNotExist"
                        + " (found operator \"" + expression.path("operator").asText("") + "\")"});
                return null;
            }
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean needsValues = operator == Operator.IN || operator == Operator.NOT_IN;
            if (needsValues == values.isEmpty()) {
                errors.add(new String[] {at, needsValues ? "operator " + expression.path("operator").asText() + " needs values"
                        : "operator " + expression.path("operator").asText() + " takes no values"});
                return null;
            }
            requirements.add(new Requirement(key, operator, Set.copyOf(values)));
        }
        return new LabelSelector(labels, requirements);
    }

    @Override
    public String toString() {
        if (matchesEverything()) {
            return "{}";
        }
        List<String> parts = new ArrayList<>();
        matchLabels.forEach((k, v) -> parts.add(k + "=" + v));
        for (Requirement r : matchExpressions) {
            parts.add(switch (r.operator()) {
                case IN -> r.key() + " in (" + String.join(",", r.values().stream().sorted().toList()) + ")";
                case NOT_IN -> r.key() + " notin (" + String.join(",", r.values().stream().sorted().toList()) + ")";
                case EXISTS -> r.key();
                case DOES_NOT_EXIST -> "!" + r.key();
            });
        }
        return String.join(",", parts);
    }
}
