package dev.palisade.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A check as data, the way {@code rules/} declares it: identity, category, severity, the profiles it belongs to, the
 * words a user reads, and the Java template with its parameters. {@code supersedes} names checks that this one
 * extends, as Pod Security Admission's restricted controls override their baseline counterparts: when both report
 * the same field of an object, the engine keeps one finding, the more severe (see {@link Engine}).
 */
public record CheckDefinition(
        String id,
        String category,
        Severity severity,
        List<String> profiles,
        String description,
        String remediation,
        String docs,
        String template,
        JsonNode params,
        boolean enabled,
        List<String> supersedes,
        String source) {

    private static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Set<String> FIELDS = Set.of("id", "category", "severity", "profiles", "description",
            "remediation", "docs", "template", "params", "enabled", "supersedes");

    /** Reads one definition; {@code source} names where it came from for error messages. */
    public static CheckDefinition parse(JsonNode node, String source) {
        if (node == null || !node.isObject()) {
            throw new CatalogueException(source + ": a check must be a mapping");
        }
        for (String field : (Iterable<String>) node::fieldNames) {
            if (!FIELDS.contains(field)) {
                throw new CatalogueException(source + ": unknown field \"" + field + "\" in a check (known: "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        String id = required(node, "id", source);
        if (!ID.matcher(id).matches()) {
            throw new CatalogueException(source + ": check id \"" + id + "\" must be lower-case letters, digits and dashes");
        }
        String where = source + " (check " + id + ")";
        List<String> profiles = new ArrayList<>();
        JsonNode profileNode = node.path("profiles");
        if (profileNode.isArray()) {
            profileNode.forEach(p -> profiles.add(p.asText()));
        } else if (!profileNode.isMissingNode() && !profileNode.isNull()) {
            throw new CatalogueException(where + ": profiles must be a list");
        }
        List<String> supersedes = new ArrayList<>();
        JsonNode supersedesNode = node.path("supersedes");
        if (supersedesNode.isArray()) {
            supersedesNode.forEach(p -> supersedes.add(p.asText()));
        } else if (!supersedesNode.isMissingNode() && !supersedesNode.isNull()) {
            throw new CatalogueException(where + ": supersedes must be a list of check ids");
        }
        Severity severity;
        try {
            severity = Severity.parse(required(node, "severity", where));
        } catch (IllegalArgumentException e) {
            throw new CatalogueException(where + ": " + e.getMessage());
        }
        return new CheckDefinition(
                id,
                required(node, "category", where),
                severity,
                List.copyOf(profiles),
                required(node, "description", where),
                required(node, "remediation", where),
                node.path("docs").asText(""),
                required(node, "template", where),
                node.get("params"),
                !node.has("enabled") || node.get("enabled").asBoolean(true),
                List.copyOf(supersedes),
                source);
    }

    public CheckDefinition withSeverity(Severity newSeverity) {
        return new CheckDefinition(id, category, newSeverity, profiles, description, remediation, docs, template, params, enabled, supersedes, source);
    }

    public CheckDefinition withEnabled(boolean on) {
        return new CheckDefinition(id, category, severity, profiles, description, remediation, docs, template, params, on, supersedes, source);
    }

    public CheckDefinition withParams(JsonNode newParams) {
        return new CheckDefinition(id, category, severity, profiles, description, remediation, docs, template, newParams, enabled, supersedes, source);
    }

    private static String required(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            throw new CatalogueException(where + ": \"" + field + "\" is required");
        }
        return value.asText().strip();
    }
}
