package dev.palisade.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Build step (run by Maven after compiling, see the pom): compiles the OpenAPI v3 documents of a Kubernetes release
 * and the enum values of its Go API types into the bundle {@link SchemaBundle} reads, one gzipped JSON file:
 * {@code {"release", "kinds": {"apps/v1 Deployment": "io.k8s.api.apps.v1.Deployment"}, "schemas": {name: compact}}}.
 * Each definition appears once however many group documents repeat it; descriptions are dropped.
 *
 * <p>Usage: {@code SchemaBundleWriter SOURCES OUTPUT RELEASE}, SOURCES being what scripts/kubernetes-api-sources
 * prepares ({@code openapi/*.json} and {@code types/<group>/<version>/*.go}).
 */
public final class SchemaBundleWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SchemaBundleWriter() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: SchemaBundleWriter SOURCES OUTPUT RELEASE");
        }
        Path sources = Path.of(args[0]);
        Path output = Path.of(args[1]);
        if (!Files.isDirectory(sources.resolve("openapi"))) {
            throw new IllegalStateException(sources + "/openapi is missing: run scripts/kubernetes-api-sources (make setup does)");
        }
        ObjectNode bundle = write(sources, args[2]);
        Files.createDirectories(output.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(output))) {
            MAPPER.writeValue(out, bundle);
        }
        System.out.println("schema bundle: " + bundle.path("kinds").size() + " kinds, " + bundle.path("schemas").size()
                + " schemas, " + Files.size(output) / 1024 + " KiB in " + output);
    }

    static ObjectNode write(Path sources, String release) throws IOException {
        Map<String, ObjectNode> schemas = new TreeMap<>();
        Map<String, String> kinds = new TreeMap<>();
        for (Path document : list(sources.resolve("openapi"), ".json")) {
            JsonNode components = MAPPER.readTree(document.toFile()).path("components").path("schemas");
            components.properties().forEach(e -> {
                schemas.computeIfAbsent(e.getKey(), k -> OpenApiCompactor.compact(e.getValue()));
                for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
                    String group = gvk.path("group").asText("");
                    String apiVersion = group.isEmpty() ? gvk.path("version").asText() : group + "/" + gvk.path("version").asText();
                    kinds.putIfAbsent(apiVersion + " " + gvk.path("kind").asText(), e.getKey());
                }
            });
        }
        addEnums(sources.resolve("types"), schemas);
        ObjectNode bundle = JsonNodeFactory.instance.objectNode();
        bundle.put("release", release);
        ObjectNode kindIndex = bundle.putObject("kinds");
        kinds.forEach(kindIndex::put);
        ObjectNode schemaIndex = bundle.putObject("schemas");
        schemas.forEach(schemaIndex::set);
        return bundle;
    }

    /** Puts the Go enum values into the properties of the definitions of each package of {@code types/}. */
    private static void addEnums(Path types, Map<String, ObjectNode> schemas) throws IOException {
        if (!Files.isDirectory(types)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(types)) {
            for (Path folder : walk.filter(Files::isDirectory).sorted().toList()) {
                List<Path> files = list(folder, ".go");
                if (files.isEmpty()) {
                    continue;
                }
                StringBuilder source = new StringBuilder();
                for (Path file : files) {
                    source.append(Files.readString(file)).append('\n');
                }
                String packageName = "io.k8s.api." + types.relativize(folder).toString().replace('/', '.');
                GoEnumTypes.read(packageName, source.toString()).forEach((definition, fields) -> {
                    ObjectNode schema = schemas.get(definition);
                    if (schema == null) {
                        return;
                    }
                    fields.forEach((property, field) -> {
                        JsonNode target = schema.path("p").path(property);
                        if (field.list()) {
                            target = target.path("i");
                        }
                        if (target instanceof ObjectNode node && !node.has("$")) {
                            node.set("e", MAPPER.valueToTree(field.values()));
                        }
                    });
                });
            }
        }
    }

    private static List<Path> list(Path folder, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().toList();
        }
    }
}
