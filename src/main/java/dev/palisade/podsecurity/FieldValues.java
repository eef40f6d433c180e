package dev.palisade.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How the controls read optional API fields. Kubernetes decodes an absent field and an explicit {@code null} alike
 * (a nil pointer), so both count as unset.
 */
final class FieldValues {
    private FieldValues() {}

    static boolean isSet(JsonNode node) {
        return node != null && !node.isMissingNode() && !node.isNull();
    }

    static boolean isTrue(JsonNode node) {
        return node != null && node.isBoolean() && node.booleanValue();
    }

    static boolean isFalse(JsonNode node) {
        return node != null && node.isBoolean() && !node.booleanValue();
    }

    /** A string field's value; unset reads as "" like a Go string's zero value. */
    static String text(JsonNode node) {
        return isSet(node) && node.isValueNode() ? node.asText() : "";
    }

    /** Whether a number field holds zero (runAsUser: 0, hostPort: 0). */
    static boolean isZero(JsonNode node) {
        return node != null && node.isNumber() && node.decimalValue().signum() == 0;
    }

    /** For messages: the value as written, strings quoted. */
    static String show(JsonNode node) {
        return node.isTextual() ? "\"" + node.asText() + "\"" : node.toString();
    }
}
