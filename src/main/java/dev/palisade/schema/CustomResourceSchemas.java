package dev.palisade.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.source.KubeObject;
import java.util.HashMap;
import java.util.Map;

/**
 * The schemas of custom resources, from CustomResourceDefinitions (apiextensions.k8s.io/v1): for each served version,
 * {@code group/version Kind} to the compacted {@code openAPIV3Schema}, with apiVersion, kind and metadata allowed at
 * the root as the API server allows them. A version without a schema accepts anything.
 */
final class CustomResourceSchemas {
    private final Map<String, JsonNode> schemas = new HashMap<>();

    static boolean isDefinition(KubeObject object) {
        return object.kind().equals("CustomResourceDefinition") && object.apiVersion().equals("apiextensions.k8s.io/v1");
    }

    void add(KubeObject definition) {
        JsonNode spec = definition.root().path("spec");
        String group = spec.path("group").asText("");
        String kind = spec.path("names").path("kind").asText("");
        if (group.isEmpty() || kind.isEmpty()) {
            return;
        }
        for (JsonNode version : spec.path("versions")) {
            if (!version.path("served").asBoolean(true)) {
                continue;
            }
            JsonNode schema = version.path("schema").path("openAPIV3Schema");
            schemas.put(group + "/" + version.path("name").asText() + " " + kind, schema.isObject()
                    ? SchemaValidator.withObjectHeader(OpenApiCompactor.compact(schema))
                    : SchemaValidator.withObjectHeader(OpenApiCompactor.compact(null)).deepCopy());
        }
    }

    void addAll(CustomResourceSchemas other) {
        schemas.putAll(other.schemas);
    }

    /** The schema of an apiVersion and kind, or null when no definition names it. */
    JsonNode schema(String apiVersion, String kind) {
        return schemas.get(apiVersion + " " + kind);
    }

    /** Whether a definition names this kind under any version (then the apiVersion is the mistake). */
    boolean knowsKindOfGroup(String group, String kind) {
        return schemas.keySet().stream().anyMatch(k -> k.startsWith(group + "/") && k.endsWith(" " + kind));
    }
}
