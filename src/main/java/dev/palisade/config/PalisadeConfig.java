package dev.palisade.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.Profiles;
import dev.palisade.engine.Severity;
import dev.palisade.source.YamlText;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one configuration format shared by lint, serve and enforce ({@code .palisade.yaml}):
 * <pre>
 * profile: all              # all | baseline | restricted
 * failOn: high              # lint exits 1 on findings at or above this severity
 * exclude: ["vendor/**"]    # globs of paths that lint skips when walking folders
 * rules: [my-rules/]        # more catalogue folders
 * checks:                   # per-check overrides
 *   latest-tag: {enabled: false}
 *   run-as-non-root: {severity: critical, params: {...}}
 * customChecks:             # new checks as data, each reusing a template
 *   - {id: ..., category: ..., severity: ..., template: ..., params: {...}, ...}
 * kubernetes:               # the release a lint targets (schemas, removed APIs) and CRD folders
 *   version: "1.37"
 *   crds: [crds/]
 * </pre>
 * Other features read their own section ({@code admission}, {@code rbac}, ...) through {@link #section(String)}.
 */
public final class PalisadeConfig {
    public static final String DEFAULT_FILE = ".palisade.yaml";
    public static final Severity DEFAULT_FAIL_ON = Severity.HIGH;
    private static final Set<String> TOP_LEVEL = Set.of("profile", "failOn", "exclude", "rules", "checks",
            "customChecks", "admission", "audit", "rbac", "networkPolicy", "enforcer", "kubernetes");

    private final JsonNode root;
    private final String source;
    private final Path baseDirectory;
    private final List<PathMatcher> excludeMatchers;

    private PalisadeConfig(JsonNode root, String source, Path baseDirectory) {
        this.root = root == null ? MissingNode.getInstance() : root;
        this.source = source;
        this.baseDirectory = baseDirectory;
        validate();
        this.excludeMatchers = excludes().stream().map(this::matcher).toList();
    }

    public static PalisadeConfig empty() {
        return new PalisadeConfig(MissingNode.getInstance(), "(defaults)", Path.of(""));
    }

    /** A configuration text; relative {@code rules:} folders are read from the working directory. */
    public static PalisadeConfig parse(String source, String text) {
        return parse(source, text, Path.of(""));
    }

    private static PalisadeConfig parse(String source, String text, Path baseDirectory) {
        try {
            return new PalisadeConfig(YamlText.parse(source, text), source, baseDirectory);
        } catch (IllegalArgumentException e) {
            throw new CatalogueException("config " + e.getMessage());
        }
    }

    /** Reads {@code file}; with null, {@code .palisade.yaml} in the process's working directory when present. */
    public static PalisadeConfig load(Path file) {
        return load(file, Path.of(""));
    }

    /**
     * Reads {@code file}; with null, {@code .palisade.yaml} in {@code workingDirectory} when present, else the
     * defaults. Relative {@code rules:} folders are read from the folder the file is in, so a repository's config
     * works from any directory.
     */
    public static PalisadeConfig load(Path file, Path workingDirectory) {
        Path path = file != null ? file : workingDirectory.resolve(DEFAULT_FILE);
        if (file == null && !Files.exists(path)) {
            return empty();
        }
        if (Files.isDirectory(path)) {
            throw new CatalogueException("config " + path + " is a folder; name the file (for example "
                    + path.resolve(DEFAULT_FILE) + ")");
        }
        String text;
        try {
            text = Files.readString(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CatalogueException("config " + path + " does not exist");
        } catch (IOException e) {
            throw new CatalogueException("cannot read config " + path + ": " + e.getMessage());
        }
        Path parent = path.toAbsolutePath().getParent();
        return parse(file != null ? file.toString() : DEFAULT_FILE, text, parent == null ? Path.of("") : parent);
    }

    public String source() {
        return source;
    }

    public String profile() {
        return Profiles.parse(root.path("profile").asText(Profiles.ALL));
    }

    public Severity failOn() {
        JsonNode value = root.get("failOn");
        return value == null ? DEFAULT_FAIL_ON : Severity.parse(value.asText());
    }

    /** The extra catalogue folders, relative ones resolved against the folder of the config file. */
    public List<String> ruleFolders() {
        return strings("rules").stream().map(folder -> baseDirectory.resolve(folder).toString()).toList();
    }

    public List<String> excludes() {
        return strings("exclude");
    }

    /**
     * True when a file found in a folder matches one of the {@code exclude} globs. As in {@code .gitignore}, a glob
     * matches the path or any trailing part of it: {@code vendor/**} skips {@code deploy/vendor/a.yaml} and
     * {@code *.json} skips JSON files at any depth.
     */
    public boolean excluded(Path path) {
        if (excludeMatchers.isEmpty()) {
            return false;
        }
        Path normal = path.normalize();
        for (int start = 0; start < normal.getNameCount(); start++) {
            Path tail = normal.subpath(start, normal.getNameCount());
            for (PathMatcher matcher : excludeMatchers) {
                if (matcher.matches(tail)) {
                    return true;
                }
            }
        }
        return false;
    }

    private PathMatcher matcher(String glob) {
        try {
            // Paths are matched normalised, so "./generated/*" must lose its "./" to match anything.
            String normal = glob.startsWith("./") ? glob.substring(2) : glob;
            return FileSystems.getDefault().getPathMatcher("glob:" + normal);
        } catch (IllegalArgumentException e) {
            throw new CatalogueException("config " + source + ": exclude \"" + glob + "\" is not a valid glob: " + e.getMessage());
        }
    }

    /** Per-check overrides: {@code checks.<id>} with enabled, severity, params. */
    public JsonNode checkOverrides() {
        return root.path("checks");
    }

    public JsonNode customChecks() {
        return root.path("customChecks");
    }

    /**
     * The same configuration with the command line's Kubernetes target laid over its {@code kubernetes} section:
     * {@code version} when not null, {@code crds} folders (resolved against the working directory) added to the
     * configured ones.
     */
    public PalisadeConfig withKubernetes(String version, List<Path> crdFolders) {
        if (version == null && crdFolders.isEmpty()) {
            return this;
        }
        ObjectNode copy = root.isObject()
                ? ((ObjectNode) root).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        ObjectNode kubernetes = copy.withObject("/kubernetes");
        if (version != null) {
            kubernetes.put("version", version);
        }
        ArrayNode crds = kubernetes.withArray("/crds");
        crdFolders.forEach(folder -> crds.add(folder.toAbsolutePath().toString()));
        return new PalisadeConfig(copy, source, baseDirectory);
    }

    /** The CRD folders of the {@code kubernetes} section, relative ones resolved against the config file's folder. */
    public List<Path> crdFolders() {
        List<Path> folders = new ArrayList<>();
        root.path("kubernetes").path("crds").forEach(folder -> folders.add(baseDirectory.resolve(folder.asText())));
        return folders;
    }

    /** A feature's own section, or a missing node. */
    public JsonNode section(String name) {
        return root.path(name);
    }

    private List<String> strings(String field) {
        JsonNode node = root.path(field);
        List<String> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> list.add(n.asText()));
        } else if (node.isTextual()) {
            list.add(node.asText());
        }
        return list;
    }

    private void validate() {
        if (root.isMissingNode()) {
            return;
        }
        if (!root.isObject()) {
            throw new CatalogueException("config " + source + ": must be a mapping");
        }
        for (String field : (Iterable<String>) root::fieldNames) {
            if (!TOP_LEVEL.contains(field)) {
                throw new CatalogueException("config " + source + ": unknown setting \"" + field + "\" (known: "
                        + String.join(", ", TOP_LEVEL.stream().sorted().toList()) + ")");
            }
        }
        try {
            profile();
            failOn();
        } catch (IllegalArgumentException e) {
            throw new CatalogueException("config " + source + ": " + e.getMessage());
        }
        JsonNode checks = checkOverrides();
        if (!checks.isMissingNode() && !checks.isObject()) {
            throw new CatalogueException("config " + source + ": checks must be a mapping of check id to settings");
        }
        for (String field : List.of("exclude", "rules")) {
            JsonNode node = root.path(field);
            boolean strings = node.isTextual() || (node.isArray() && java.util.stream.StreamSupport
                    .stream(node.spliterator(), false).allMatch(JsonNode::isTextual));
            if (!node.isMissingNode() && !strings) {
                throw new CatalogueException("config " + source + ": " + field + " must be a list of strings");
            }
        }
        JsonNode kubernetes = root.path("kubernetes");
        if (!kubernetes.isMissingNode() && !(kubernetes.isObject() && (kubernetes.path("crds").isMissingNode()
                || kubernetes.path("crds").isArray()))) {
            throw new CatalogueException("config " + source + ": kubernetes must be a mapping with version and crds (a list of folders)");
        }
        JsonNode custom = customChecks();
        if (!custom.isMissingNode() && !custom.isArray()) {
            throw new CatalogueException("config " + source + ": customChecks must be a list of checks");
        }
    }
}
