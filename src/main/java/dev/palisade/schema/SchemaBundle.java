package dev.palisade.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.source.StreamedTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * The schemas of the built-in Kubernetes API that ship in the jar ({@code schemas/kubernetes.json.gz}, written at
 * build time by {@link SchemaBundleWriter} from the release's OpenAPI documents): the definition of each served
 * apiVersion and kind, and every definition by name. Read once per process, on first use; a definition's tree is
 * built when it is first asked for (a lint of one Deployment reads a few dozen of the 862), from where its text lies
 * in the bundle.
 */
final class SchemaBundle {
    static final String RESOURCE = "schemas/kubernetes.json.gz";
    static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    /** A parser factory, not an ObjectMapper: building a mapper costs a CLI start about 15 ms. */
    private static final JsonFactory JSON = new JsonFactory();

    private final String release;
    private final Map<String, String> kinds = new HashMap<>();
    /** Where each definition's text lies in {@link #text}: start and end offsets. */
    private final Map<String, long[]> schemaAt = new HashMap<>();
    private final Map<String, JsonNode> schemas = new ConcurrentHashMap<>();
    private final byte[] text;
    private final Map<String, List<String>> versionsOfKind = new HashMap<>();
    private final Set<String> groups = new HashSet<>();

    private SchemaBundle(byte[] text) throws IOException {
        this.text = text;
        String version = "";
        try (JsonParser parser = JSON.createParser(text)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "release" -> version = parser.getText();
                    case "kinds" -> {
                        expect(value, JsonToken.START_OBJECT);
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String key = parser.currentName();
                            parser.nextToken();
                            kind(key, parser.getText());
                        }
                    }
                    case "schemas" -> {
                        expect(value, JsonToken.START_OBJECT);
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String name = parser.currentName();
                            parser.nextToken();
                            long start = parser.currentTokenLocation().getByteOffset();
                            parser.skipChildren();
                            schemaAt.put(name, new long[] {start, parser.currentLocation().getByteOffset()});
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        }
        this.release = version.startsWith("v") ? version.substring(1) : version;
    }

    private void kind(String key, String definition) {
        kinds.put(key, definition);
        String apiVersion = key.substring(0, key.indexOf(' '));
        String kind = key.substring(key.indexOf(' ') + 1);
        versionsOfKind.computeIfAbsent(kind, k -> new java.util.ArrayList<>()).add(apiVersion);
        groups.add(apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "");
    }

    private static void expect(JsonToken token, JsonToken expected) throws IOException {
        if (token != expected) {
            throw new IOException("expected " + expected + ", found " + token);
        }
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
            return new SchemaBundle(new GZIPInputStream(in).readAllBytes());
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
        JsonNode schema = schemas.get(name);
        if (schema != null) {
            return schema;
        }
        long[] at = schemaAt.get(name);
        if (at == null) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(text, (int) at[0], (int) (at[1] - at[0]))) {
            schema = StreamedTree.read(parser, parser.nextToken(), StreamedTree.Numbers.OBJECT_MAPPER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " (" + name + "): " + e.getMessage(), e);
        }
        JsonNode other = schemas.putIfAbsent(name, schema); // one tree per definition, whichever thread built it
        return other != null ? other : schema;
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
