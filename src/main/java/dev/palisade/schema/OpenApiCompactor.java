package dev.palisade.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns an OpenAPI v3 schema (a Kubernetes component, or a CRD's {@code openAPIV3Schema}) into the compact form the
 * {@link SchemaValidator} reads, keeping only what validation needs and none of the descriptions:
 * <pre>
 * "$"  a reference to another schema of the bundle, by name
 * "t"  a type, or a list of types a value may have (IntOrString: ["integer","string"])
 * "p"  properties; when present, other fields are unknown unless "a" or "u" allows them
 * "r"  required properties      "a" additionalProperties       "i" items        "e" enum values
 * "u"  x-kubernetes-preserve-unknown-fields                    "x" x-kubernetes-embedded-resource
 * </pre>
 * {@code allOf: [{$ref}]} (how the generator attaches a default to a reference) becomes the reference;
 * {@code oneOf}/{@code anyOf} of plain types becomes a type list; other combinations accept any value (they only
 * narrow what a structural schema already allows, and the API server checks them).
 */
public final class OpenApiCompactor {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String COMPONENTS = "#/components/schemas/";

    private OpenApiCompactor() {}

    public static ObjectNode compact(JsonNode schema) {
        ObjectNode out = JSON.objectNode();
        if (schema == null || !schema.isObject()) {
            return out;
        }
        JsonNode ref = schema.path("$ref");
        if (ref.isTextual()) {
            return out.put("$", refName(ref.asText()));
        }
        JsonNode allOf = schema.path("allOf");
        if (allOf.isArray() && allOf.size() == 1 && !schema.has("properties")) {
            return compact(allOf.get(0));
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false) || "int-or-string".equals(schema.path("format").asText())) {
            out.set("t", JSON.arrayNode().add("integer").add("string"));
        } else if (schema.path("type").isTextual()) {
            out.put("t", schema.get("type").asText());
        } else {
            ArrayNode types = alternatives(schema.path("oneOf").isArray() ? schema.path("oneOf") : schema.path("anyOf"));
            if (types != null) {
                out.set("t", types);
            }
        }
        JsonNode properties = schema.path("properties");
        if (properties.isObject()) {
            ObjectNode compacted = out.putObject("p");
            properties.properties().forEach(e -> compacted.set(e.getKey(), compact(e.getValue())));
        }
        JsonNode required = schema.path("required");
        if (required.isArray() && !required.isEmpty()) {
            out.set("r", required.deepCopy());
        }
        JsonNode additional = schema.path("additionalProperties");
        if (additional.isObject()) {
            out.set("a", compact(additional));
        } else if (additional.isBoolean() && additional.asBoolean()) {
            out.set("a", JSON.objectNode());
        }
        if (schema.path("items").isObject()) {
            out.set("i", compact(schema.get("items")));
        }
        JsonNode values = schema.path("enum");
        if (values.isArray() && !values.isEmpty()) {
            out.set("e", values.deepCopy());
        }
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            out.put("u", 1);
        }
        if (schema.path("x-kubernetes-embedded-resource").asBoolean(false)) {
            out.put("x", 1);
        }
        return out;
    }

    static String refName(String ref) {
        return ref.startsWith(COMPONENTS) ? ref.substring(COMPONENTS.length()) : ref;
    }

    /** The types of a oneOf/anyOf whose branches are each a bare type, else null (any value). */
    private static ArrayNode alternatives(JsonNode branches) {
        if (!branches.isArray() || branches.isEmpty()) {
            return null;
        }
        ArrayNode types = JSON.arrayNode();
        for (JsonNode branch : branches) {
            if (branch.size() != 1 || !branch.path("type").isTextual()) {
                return null;
            }
            types.add(branch.get("type").asText());
        }
        return types;
    }
}
