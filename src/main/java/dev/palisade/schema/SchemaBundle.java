package dev.palisade.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The schemas of the built-in Kubernetes API that ship in the jar ({@code schemas/kubernetes.json.gz}, written at
 * build time by {@link SchemaBundleWriter} from the release's OpenAPI documents): the definition of each served
 * apiVersion and kind, and every definition by name. Read once per process, on first use.
 */
final class SchemaBundle {
    static final String RESOURCE = "schemas/kubernetes.json.gz";
    static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    private final String release;
    private final Map<String, String> kinds = new HashMap<>();
    private final Map<String, JsonNode> schemas = new HashMap<>();
    private final Map<String, List<String>> versionsOfKind = new HashMap<>();
    private final Set<String> groups = new HashSet<>();

    private SchemaBundle(JsonNode bundle) {
        String version = bundle.path("release").asText();
        this.release = version.startsWith("v") ? version.substring(1) : version;
        bundle.path("kinds").properties().forEach(e -> {
            kinds.put(e.getKey(), e.getValue().asText());
            String apiVersion = e.getKey().substring(0, e.getKey().indexOf(' '));
            String kind = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            versionsOfKind.computeIfAbsent(kind, k -> new java.util.ArrayList<>()).add(apiVersion);
            groups.add(apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "");
        });
        bundle.path("schemas").properties().forEach(e -> schemas.put(e.getKey(), e.getValue()));
    }

    private static final class Holder {
        static final SchemaBundle BUILT_IN = load();
    }

    static SchemaBundle builtIn() {
        return Holder.BUILT_IN;
    }

    private static SchemaBundle load() {
        try (InputStream in = SchemaBundle.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath: build with `make build`"
                        + " (Maven's process-classes phase writes it from scripts/kubernetes-api-sources)");
            }
            return new SchemaBundle(new ObjectMapper().readTree(new GZIPInputStream(in)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The Kubernetes release the schemas were taken from, e.g. 1.37.2. */
    String release() {
        return release;
    }

    /** The definition name of a served apiVersion and kind, or null. */
    String definitionOf(String apiVersion, String kind) {
        return kinds.get(apiVersion + " " + kind);
    }

    JsonNode schema(String name) {
        return schemas.get(name);
    }

    /** Whether the API group is one of Kubernetes' own (then an unknown kind in it is a mistake, not a CRD). */
    boolean builtInGroup(String group) {
        return groups.contains(group) || group.equals("extensions");
    }

    /** The apiVersions that serve a kind, empty when none does. */
    List<String> versionsOf(String kind) {
        return versionsOfKind.getOrDefault(kind, List.of());
    }

    /** The kinds of an apiVersion, for suggestions. */
    List<String> kindsOf(String apiVersion) {
        return kinds.keySet().stream().filter(k -> k.startsWith(apiVersion + " ")).map(k -> k.substring(apiVersion.length() + 1)).toList();
    }
}
