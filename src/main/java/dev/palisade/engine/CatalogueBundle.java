package dev.palisade.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.source.StreamedTree;
import dev.palisade.source.YamlText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The built-in catalogue as one JSON document ({@code rules.json} in the jar), written at build time from
 * {@code rules/**.yaml}: each rule file's name in the jar and its YAML read as {@link YamlText} reads it. A CLI start
 * then parses one JSON text instead of 70 YAML files (a fifth of a one-file lint's CPU); the trees are the same, node
 * type for node type (long and big integers, exact decimals), so every check is compiled from the same parameters.
 * The YAML files stay the source of truth and are still read when Palisade runs from a build folder.
 */
public final class CatalogueBundle {
    static final String RESOURCE = "rules.json";
    /** The node types {@link YamlText} builds: integers as long (or big), decimals exact. */
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private CatalogueBundle() {}

    /** Rule file name (as in the jar, {@code rules/…}) → its document, in name order; null without a bundle. */
    static Map<String, JsonNode> read(ClassLoader loader) throws IOException {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            return in == null ? null : read(in);
        }
    }

    static Map<String, JsonNode> read(InputStream in) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(RESOURCE + ": expected an object");
            }
            Map<String, JsonNode> files = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                files.put(name, StreamedTree.read(parser, parser.nextToken(), StreamedTree.Numbers.YAML_TEXT));
            }
            return files;
        }
    }

    /** The bundle of a rules folder: its YAML files, each read by {@link YamlText}, under {@code rules/…}. */
    static ObjectNode of(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> Catalogue.isRuleFile(p.getFileName().toString())).sorted().toList();
        }
        Map<String, Path> byName = new java.util.TreeMap<>(); // the order of the jar's entries, sorted by name
        for (Path file : files) {
            byName.put(Catalogue.BUILT_IN + "/" + folder.relativize(file).toString().replace('\\', '/'), file);
        }
        ObjectNode bundle = NODES.objectNode();
        for (Map.Entry<String, Path> e : byName.entrySet()) {
            bundle.set(e.getKey(), YamlText.parse(e.getKey(), Files.readString(e.getValue(), StandardCharsets.UTF_8)));
        }
        return bundle;
    }

    static byte[] write(ObjectNode bundle) throws IOException {
        return new ObjectMapper().writeValueAsBytes(bundle);
    }

    /** Build time (Maven's process-classes): {@code RULES_FOLDER OUTPUT_FILE}. */
    public static void main(String[] args) throws IOException {
        ObjectNode bundle = of(Path.of(args[0]));
        Path out = Path.of(args[1]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, write(bundle));
        System.out.println("catalogue bundle: " + bundle.size() + " rule files in " + out);
    }
}
