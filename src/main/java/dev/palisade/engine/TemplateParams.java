package dev.palisade.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.palisade.config.PalisadeConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A check's template parameters as written in the catalogue or a user's config. Typed getters name the check and
 * parameter in their errors; {@link #rejectUnknown()} catches typos once the template has read what it knows.
 */
public final class TemplateParams {
    private final String check;
    private final JsonNode node;
    private final Set<String> read = new HashSet<>();
    private final PalisadeConfig config;

    public TemplateParams(String check, JsonNode node) {
        this(check, node, PalisadeConfig.empty());
    }

    /** Parameters of a check compiled under a user's configuration, whose feature sections a template may read. */
    public TemplateParams(String check, JsonNode node, PalisadeConfig config) {
        this.check = check;
        this.config = config;
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
        if (!this.node.isMissingNode() && !this.node.isObject()) {
            throw new CatalogueException("check " + check + ": params must be a mapping");
        }
    }

    public boolean has(String name) {
        read.add(name);
        return node.has(name) && !node.get(name).isNull();
    }

    public String string(String name, String fallback) {
        JsonNode value = get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.isValueNode() || value.isNull()) {
            throw wrong(name, "a string");
        }
        return value.asText();
    }

    public String requiredString(String name) {
        String value = string(name, null);
        if (value == null || value.isEmpty()) {
            throw new CatalogueException("check " + check + ": template parameter \"" + name + "\" is required");
        }
        return value;
    }

    public long number(String name, long fallback) {
        JsonNode value = get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToLong()) {
            throw wrong(name, "a whole number");
        }
        return value.asLong();
    }

    public boolean bool(String name, boolean fallback) {
        JsonNode value = get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw wrong(name, "true or false");
        }
        return value.asBoolean();
    }

    public List<String> strings(String name, List<String> fallback) {
        JsonNode value = get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.isArray()) {
            throw wrong(name, "a list of strings");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isValueNode() || item.isNull()) {
                throw wrong(name, "a list of strings");
            }
            list.add(item.asText());
        }
        return List.copyOf(list);
    }

    /** A raw parameter for templates with structured parameters; null when absent. */
    public JsonNode raw(String name) {
        return get(name);
    }

    /** Fails on parameters the template never asked about. Call it at the end of compiling. */
    public void rejectUnknown() {
        if (node.isObject()) {
            for (String name : (Iterable<String>) node::fieldNames) {
                if (!read.contains(name)) {
                    throw new CatalogueException("check " + check + ": unknown template parameter \"" + name + "\"");
                }
            }
        }
    }

    /**
     * A feature section of the run's configuration ({@code rbac}, ...), or a missing node: settings that apply to every
     * check of a feature, such as the RBAC allow-list.
     */
    public JsonNode configSection(String name) {
        return config.section(name);
    }

    /** Where the configuration came from, for error messages. */
    public String configSource() {
        return config.source();
    }

    public String check() {
        return check;
    }

    private JsonNode get(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private CatalogueException wrong(String name, String expected) {
        return new CatalogueException("check " + check + ": template parameter \"" + name + "\" must be " + expected);
    }
}
