package dev.palisade.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
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
 * </pre>
 * Other features read their own section ({@code admission}, {@code rbac}, ...) through {@link #section(String)}.
 */
public final class PalisadeConfig {
    public static final String DEFAULT_FILE = ".palisade.yaml";
    public static final Severity DEFAULT_FAIL_ON = Severity.HIGH;
    private static final Set<String> TOP_LEVEL = Set.of("profile", "failOn", "exclude", "rules", "checks",
            "customChecks", "admission", "rbac", "networkPolicy", "enforcer");

    private final JsonNode root;
    private final String source;

    private PalisadeConfig(JsonNode root, String source) {
        this.root = root == null ? MissingNode.getInstance() : root;
        this.source = source;
        validate();
    }

    public static PalisadeConfig empty() {
        return new PalisadeConfig(MissingNode.getInstance(), "(defaults)");
    }

    public static PalisadeConfig parse(String source, String text) {
        try {
            return new PalisadeConfig(YamlText.parse(source, text), source);
        } catch (IllegalArgumentException e) {
            throw new CatalogueException("config " + e.getMessage());
        }
    }

    /** Reads {@code file}; with null, {@code .palisade.yaml} in the working directory when present, else defaults. */
    public static PalisadeConfig load(Path file) {
        Path path = file != null ? file : Path.of(DEFAULT_FILE);
        if (file == null && !Files.exists(path)) {
            return empty();
        }
        try {
            return parse(path.toString(), Files.readString(path));
        } catch (IOException e) {
            throw new CatalogueException("cannot read config " + path + ": " + e.getMessage());
        }
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

    public List<String> ruleFolders() {
        return strings("rules");
    }

    public List<String> excludes() {
        return strings("exclude");
    }

    /** True when a path matches one of the {@code exclude} globs (matched against the path as given and its name). */
    public boolean excluded(Path path) {
        for (String glob : excludes()) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            Path normal = path.normalize();
            if (matcher.matches(normal) || matcher.matches(normal.getFileName())
                    || (normal.startsWith("./") && matcher.matches(Path.of(".").relativize(normal)))) {
                return true;
            }
        }
        return false;
    }

    /** Per-check overrides: {@code checks.<id>} with enabled, severity, params. */
    public JsonNode checkOverrides() {
        return root.path("checks");
    }

    public JsonNode customChecks() {
        return root.path("customChecks");
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
        JsonNode custom = customChecks();
        if (!custom.isMissingNode() && !custom.isArray()) {
            throw new CatalogueException("config " + source + ": customChecks must be a list of checks");
        }
    }
}
