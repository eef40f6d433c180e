package dev.palisade.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.source.FieldPath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Walks an object along a compact schema ({@link OpenApiCompactor}) and lists what the API server's strict field
 * validation would refuse: unknown fields, wrong types, missing required fields, values outside an enum. Each
 * problem carries the field path, so a finding points at its line. A null value is accepted anywhere (the API server
 * treats it as unset). Work is linear in the size of the object.
 */
final class SchemaValidator {
    /** One refusal: where, and what is wrong. */
    record Problem(String path, String message) {}

    private static final JsonNode ANY = JsonNodeFactory.instance.objectNode();

    /**
     * Where the walk is, rendered as a {@link FieldPath} only when a problem is found: most fields are fine, and
     * building every field's path string would dominate the walk.
     */
    private record At(At parent, String key, int index) {
        At field(String name) {
            return new At(this, name, -1);
        }

        At item(int i) {
            return new At(this, null, i);
        }

        String render() {
            if (parent == null) {
                return key;
            }
            String above = parent.render();
            return key != null ? FieldPath.field(above, key) : FieldPath.index(above, index);
        }
    }

    private final Function<String, JsonNode> references;

    SchemaValidator(Function<String, JsonNode> references) {
        this.references = references;
    }

    /** The problems of {@code value} at {@code path} against {@code schema}, at most {@code limit} of them. */
    List<Problem> validate(JsonNode value, JsonNode schema, String path, int limit) {
        List<Problem> problems = new ArrayList<>();
        walk(value, schema, new At(null, path, -1), problems, limit);
        return problems;
    }

    /** A root schema with apiVersion, kind and metadata allowed as every object has them (a CRD leaves them out). */
    static JsonNode withObjectHeader(JsonNode schema) {
        ObjectNode root = schema.deepCopy();
        ObjectNode properties = root.has("p") ? (ObjectNode) root.get("p") : root.putObject("p");
        properties.putObject("apiVersion").put("t", "string");
        properties.putObject("kind").put("t", "string");
        if (!properties.has("metadata") || properties.get("metadata").path("p").isEmpty()) {
            properties.putObject("metadata").put("$", SchemaBundle.OBJECT_META);
        }
        return root;
    }

    private void walk(JsonNode value, JsonNode schema, At path, List<Problem> problems, int limit) {
        if (problems.size() >= limit || value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        schema = resolve(schema);
        if (schema.has("x")) {
            schema = withObjectHeader(schema);
        }
        JsonNode type = schema.path("t");
        if (!type.isMissingNode() && !typeMatches(value, type)) {
            problems.add(new Problem(path.render(), "expected " + describeType(type) + ", got " + describeValue(value)));
            return;
        }
        JsonNode values = schema.path("e");
        if (values.isArray() && value.isValueNode() && !value.asText().isEmpty() && !contains(values, value)) {
            problems.add(new Problem(path.render(), "invalid value " + quote(value) + ": expected one of " + join(values)));
            return;
        }
        if (value.isObject()) {
            object(value, schema, path, problems, limit);
        } else if (value.isArray() && schema.has("i")) {
            for (int i = 0; i < value.size(); i++) {
                walk(value.get(i), schema.get("i"), path.item(i), problems, limit);
            }
        }
    }

    private void object(JsonNode value, JsonNode schema, At path, List<Problem> problems, int limit) {
        JsonNode properties = schema.path("p");
        JsonNode additional = schema.get("a");
        boolean preserve = schema.has("u");
        for (var field : (Iterable<java.util.Map.Entry<String, JsonNode>>) value::fields) {
            String name = field.getKey();
            At at = path.field(name);
            JsonNode property = properties.get(name);
            if (property != null) {
                walk(field.getValue(), property, at, problems, limit);
            } else if (additional != null) {
                walk(field.getValue(), additional, at, problems, limit);
            } else if (properties.isObject() && !preserve && problems.size() < limit) {
                problems.add(new Problem(at.render(), "unknown field \"" + name + "\"" + suggestion(name, fieldNames(properties))));
            }
        }
        for (JsonNode required : schema.path("r")) {
            JsonNode present = value.get(required.asText());
            if ((present == null || present.isNull()) && problems.size() < limit) {
                problems.add(new Problem(path.render(), "missing required field \"" + required.asText() + "\""));
            }
        }
    }

    private JsonNode resolve(JsonNode schema) {
        int depth = 0;
        while (schema.has("$") && depth++ < 16) {
            JsonNode target = references.apply(schema.get("$").asText());
            schema = target == null ? ANY : target;
        }
        return schema;
    }

    private static boolean typeMatches(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typeMatches(value, one)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static String describeType(JsonNode type) {
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            type.forEach(t -> names.add(t.asText()));
            return String.join(" or ", names);
        }
        return type.asText().equals("object") ? "a mapping" : type.asText().equals("array") ? "a list" : type.asText();
    }

    private static String describeValue(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        String kind = value.isTextual() ? "string" : value.isBoolean() ? "boolean" : value.isIntegralNumber() ? "integer" : "number";
        return kind + " " + quote(value);
    }

    private static String quote(JsonNode value) {
        String text = value.asText();
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return value.isTextual() ? "\"" + text + "\"" : text;
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode allowed : values) {
            if (allowed.asText().equals(value.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String join(JsonNode values) {
        List<String> names = new ArrayList<>();
        values.forEach(v -> names.add(v.asText()));
        return String.join(", ", names);
    }

    private static List<String> fieldNames(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** {@code (did you mean "x"?)} for a known name within two edits or differing only in case, else "". */
    static String suggestion(String name, Collection<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int distance = candidate.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)) ? 0 : distance(name, candidate, bestDistance);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best == null ? "" : " (did you mean \"" + best + "\"?)";
    }

    /** Levenshtein distance, giving up (returning {@code cap}) once it cannot be below it. */
    private static int distance(String a, String b, int cap) {
        if (Math.abs(a.length() - b.length()) >= cap) {
            return cap;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin >= cap) {
                return cap;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], cap);
    }
}
