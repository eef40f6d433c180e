package dev.palisade.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.config.PalisadeConfig;
import dev.palisade.source.YamlText;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The checks of a run: the built-in {@code rules/} shipped in the jar, the user's extra rule folders and custom
 * checks, with the config's overrides applied, each compiled against its template. Problems are
 * {@link CatalogueException}s that name the file and check.
 */
public final class Catalogue {
    static final String BUILT_IN = "rules";

    private final List<Check> checks;

    private Catalogue(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public static Catalogue builtIn() {
        return load(PalisadeConfig.empty());
    }

    public static Catalogue load(PalisadeConfig config) {
        return load(config, TemplateRegistry.load());
    }

    public static Catalogue load(PalisadeConfig config, TemplateRegistry templates) {
        Map<String, CheckDefinition> definitions = new LinkedHashMap<>();
        for (CheckDefinition definition : builtInDefinitions()) {
            add(definitions, definition);
        }
        for (String folder : config.ruleFolders()) {
            for (CheckDefinition definition : readFolder(Path.of(folder))) {
                add(definitions, definition);
            }
        }
        JsonNode custom = config.customChecks();
        for (int i = 0; i < custom.size(); i++) {
            add(definitions, CheckDefinition.parse(custom.get(i), config.source() + " customChecks[" + i + "]"));
        }
        applyOverrides(definitions, config);
        List<Check> checks = new ArrayList<>();
        for (CheckDefinition definition : definitions.values()) {
            TemplateParams params = new TemplateParams(definition.id(), definition.params(), config);
            CheckTemplate template = templates.get(definition.template(), definition.id());
            CheckTemplate.Evaluator evaluator = template.compile(params);
            params.rejectUnknown();
            checks.add(new Check(definition, evaluator, template.kinds(params)));
        }
        checks.sort((a, b) -> a.id().compareTo(b.id()));
        return new Catalogue(checks);
    }

    /** Every check, enabled or not, sorted by id. */
    public List<Check> all() {
        return checks;
    }

    /** The enabled checks of a profile. */
    public List<Check> selected(String profile) {
        return checks.stream().filter(c -> c.definition().enabled() && c.inProfile(profile)).toList();
    }

    public Check byId(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    private static void add(Map<String, CheckDefinition> definitions, CheckDefinition definition) {
        CheckDefinition previous = definitions.putIfAbsent(definition.id(), definition);
        if (previous != null) {
            throw new CatalogueException(definition.source() + ": check id " + definition.id()
                    + " is already defined in " + previous.source() + " (override it under `checks:` in the config instead)");
        }
    }

    private static void applyOverrides(Map<String, CheckDefinition> definitions, PalisadeConfig config) {
        JsonNode overrides = config.checkOverrides();
        for (String id : (Iterable<String>) overrides::fieldNames) {
            CheckDefinition definition = definitions.get(id);
            if (definition == null) {
                throw new CatalogueException("config " + config.source() + ": checks." + id + " names no known check");
            }
            JsonNode override = overrides.get(id);
            if (!override.isObject()) {
                throw new CatalogueException("config " + config.source() + ": checks." + id + " must be a mapping");
            }
            for (String field : (Iterable<String>) override::fieldNames) {
                switch (field) {
                    case "enabled" -> definition = definition.withEnabled(override.get(field).asBoolean());
                    case "severity" -> {
                        try {
                            definition = definition.withSeverity(Severity.parse(override.get(field).asText()));
                        } catch (IllegalArgumentException e) {
                            throw new CatalogueException("config " + config.source() + ": checks." + id + ": " + e.getMessage());
                        }
                    }
                    case "params" -> definition = definition.withParams(mergedParams(definition.params(), override.get(field)));
                    default -> throw new CatalogueException("config " + config.source() + ": checks." + id
                            + ": unknown setting \"" + field + "\" (known: enabled, severity, params)");
                }
            }
            definitions.put(id, definition);
        }
    }

    private static JsonNode mergedParams(JsonNode base, JsonNode override) {
        if (base == null || !base.isObject()) {
            return override;
        }
        com.fasterxml.jackson.databind.node.ObjectNode merged = ((com.fasterxml.jackson.databind.node.ObjectNode) base).deepCopy();
        if (override != null && override.isObject()) {
            override.properties().forEach(e -> merged.set(e.getKey(), e.getValue()));
        }
        return merged;
    }

    /**
     * Reads the catalogue that ships in the jar (or in target/classes when run from the build). In a jar, from the
     * {@link CatalogueBundle} compiled at build time when there is one, else its entries are read with the
     * {@link JarFile} the class loader already uses: a zip file system would cost its provider lookup and classes at
     * every start.
     */
    static List<CheckDefinition> builtInDefinitions() {
        URL url = Catalogue.class.getClassLoader().getResource(BUILT_IN);
        if (url == null) {
            throw new IllegalStateException("the built-in catalogue (rules/) is missing from the classpath");
        }
        try {
            if (url.openConnection() instanceof JarURLConnection jar) {
                Map<String, JsonNode> bundle = CatalogueBundle.read(Catalogue.class.getClassLoader());
                if (bundle != null) {
                    List<CheckDefinition> definitions = new ArrayList<>();
                    bundle.forEach((name, node) -> definitions.add(CheckDefinition.parse(node, name)));
                    return definitions;
                }
                jar.setUseCaches(false);
                try (JarFile file = jar.getJarFile()) {
                    List<CheckDefinition> definitions = new ArrayList<>();
                    for (JarEntry entry : file.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(BUILT_IN + "/")
                            && isRuleFile(e.getName())).sorted(Comparator.comparing(JarEntry::getName)).toList()) {
                        try (InputStream in = file.getInputStream(entry)) {
                            definitions.add(parse(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                        }
                    }
                    return definitions;
                }
            }
            return readFolder(Path.of(url.toURI()));
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the built-in catalogue: " + e.getMessage(), e);
        }
    }

    static boolean isRuleFile(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static CheckDefinition parse(String source, String text) {
        JsonNode node;
        try {
            node = YamlText.parse(source, text);
        } catch (IllegalArgumentException e) {
            throw new CatalogueException(e.getMessage());
        }
        return CheckDefinition.parse(node, source);
    }

    static List<CheckDefinition> readFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new CatalogueException("rules folder " + folder + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> isRuleFile(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new CatalogueException("cannot read rules folder " + folder + ": " + e.getMessage());
        }
        List<CheckDefinition> definitions = new ArrayList<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new CatalogueException("cannot read " + file + ": " + e.getMessage());
            }
            definitions.add(parse(file.toString(), text));
        }
        return definitions;
    }
}
