package dev.palisade.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code admission:} section of {@code .palisade.yaml}; every field is optional:
 * <pre>
 * admission:
 *   enforce: high            # findings at or above this severity deny the request (or "none")
 *   warn: info               # findings at or above this (and below enforce) become warnings; below: audit only
 *   checks:                  # a mode per check id, stronger than the thresholds
 *     latest-tag: warn       # enforce | warn | audit | off
 *   namespaceLabels: true    # honour the namespace label overrides (see NamespaceModeLabels)
 *   exemptions:
 *     namespaces: [kube-system]      # added to the defaults (kube-system and the webhook's own namespace)
 *     users: [system:serviceaccount:ci:deployer]
 *     groups: []
 *     replaceDefaults: false         # true: only the lists above, none of the defaults
 *   onCheckError: deny       # deny (fail closed) | allow (allow with a warning) when a check throws or the budget runs out
 *   timeBudget: 2s           # per request, well inside the API server's timeoutSeconds
 *   maxRequestBytes: 3145728 # larger bodies are refused with 400 (the API server's own request limit is 3 MiB)
 *   maxDepth: 100            # deeper JSON nesting is refused with 400
 *   networkPolicyImpact: {}  # see PolicyImpactSettings
 * </pre>
 */
public record AdmissionSettings(
        Severity enforceAt,
        Severity warnAt,
        Map<String, Mode> checkModes,
        boolean namespaceLabels,
        Set<String> exemptNamespaces,
        Set<String> exemptUsers,
        Set<String> exemptGroups,
        boolean denyOnCheckError,
        Duration timeBudget,
        int maxRequestBytes,
        int maxDepth,
        PolicyImpactSettings networkPolicyImpact) {

    /**
     * Users whose writes are never judged: the control plane reconciling its own objects. Blocking them breaks the
     * cluster rather than protecting it: the API server reconciles the bootstrap roles at start-up, the
     * clusterrole-aggregation-controller writes the aggregated admin/edit/view roles (and holds {@code escalate}),
     * and the controller manager without per-controller credentials acts as {@code system:kube-controller-manager}.
     */
    public static final List<String> DEFAULT_EXEMPT_USERS = List.of(
            "system:apiserver",
            "system:kube-controller-manager",
            "system:kube-scheduler",
            "system:serviceaccount:kube-system:clusterrole-aggregation-controller");
    public static final String SYSTEM_NAMESPACE = "kube-system";
    private static final Set<String> FIELDS = Set.of("enforce", "warn", "checks", "namespaceLabels", "exemptions",
            "onCheckError", "timeBudget", "maxRequestBytes", "maxDepth", "networkPolicyImpact");

    /**
     * Reads the section.
     *
     * @param ownNamespace the namespace the webhook runs in, exempt by default (its own Pods must start even when
     *                     the webhook is down, or the webhook could never come back)
     */
    public static AdmissionSettings from(PalisadeConfig config, String ownNamespace) {
        JsonNode section = config.section("admission");
        String where = "config " + config.source() + ": admission";
        if (!section.isMissingNode() && !section.isNull() && !section.isObject()) {
            throw new CatalogueException(where + " must be a mapping");
        }
        for (String field : (Iterable<String>) section::fieldNames) {
            if (!FIELDS.contains(field)) {
                throw new CatalogueException(where + ": unknown setting \"" + field + "\" (known: "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        try {
            Severity enforceAt = threshold(section.path("enforce"), Severity.HIGH, where + ".enforce");
            Severity warnAt = threshold(section.path("warn"), Severity.INFO, where + ".warn");
            Map<String, Mode> modes = new LinkedHashMap<>();
            JsonNode checks = section.path("checks");
            if (!checks.isMissingNode() && !checks.isObject()) {
                throw new CatalogueException(where + ".checks must be a mapping of check id to mode");
            }
            checks.properties().forEach(e -> modes.put(e.getKey(), Mode.parse(e.getValue().asText(), where + ".checks." + e.getKey())));

            JsonNode exemptions = section.path("exemptions");
            boolean replace = exemptions.path("replaceDefaults").asBoolean(false);
            Set<String> namespaces = new LinkedHashSet<>();
            Set<String> users = new LinkedHashSet<>();
            if (!replace) {
                namespaces.add(SYSTEM_NAMESPACE);
                if (ownNamespace != null && !ownNamespace.isBlank()) {
                    namespaces.add(ownNamespace);
                }
                users.addAll(DEFAULT_EXEMPT_USERS);
            }
            namespaces.addAll(strings(exemptions.path("namespaces"), where + ".exemptions.namespaces"));
            users.addAll(strings(exemptions.path("users"), where + ".exemptions.users"));
            Set<String> groups = new LinkedHashSet<>(strings(exemptions.path("groups"), where + ".exemptions.groups"));

            String onError = section.path("onCheckError").asText("deny");
            if (!onError.equals("deny") && !onError.equals("allow")) {
                throw new CatalogueException(where + ".onCheckError: \"" + onError + "\" must be deny (fail closed) or allow");
            }
            Duration budget = duration(section.path("timeBudget"), Duration.ofSeconds(2), where + ".timeBudget");
            int maxBytes = section.path("maxRequestBytes").asInt(3 * 1024 * 1024);
            int maxDepth = section.path("maxDepth").asInt(100);
            if (maxBytes < 1024 || maxDepth < 10) {
                throw new CatalogueException(where + ": maxRequestBytes must be at least 1024 and maxDepth at least 10");
            }
            return new AdmissionSettings(enforceAt, warnAt, Map.copyOf(modes),
                    section.path("namespaceLabels").asBoolean(true), Set.copyOf(namespaces), Set.copyOf(users),
                    Set.copyOf(groups), onError.equals("deny"), budget, maxBytes, maxDepth,
                    PolicyImpactSettings.from(section.path("networkPolicyImpact"), where + ".networkPolicyImpact"));
        } catch (IllegalArgumentException e) {
            throw new CatalogueException(e.getMessage().startsWith("config ") ? e.getMessage() : where + ": " + e.getMessage());
        }
    }

    /** A severity, or {@code none} (null): nothing reaches the threshold. */
    static Severity threshold(JsonNode node, Severity fallback, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        String text = node.asText();
        if (text.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return Severity.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage() + ", or none");
        }
    }

    private static List<String> strings(JsonNode node, String where) {
        List<String> list = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return list;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + " must be a list");
        }
        node.forEach(n -> list.add(n.asText()));
        return list;
    }

    static Duration duration(JsonNode node, Duration fallback, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        String text = node.asText().strip();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s)").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(where + ": \"" + text + "\" is not a duration like 500ms or 2s");
        }
        long amount = Long.parseLong(m.group(1));
        Duration value = m.group(2).equals("ms") ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
        if (value.isZero() || value.compareTo(Duration.ofSeconds(25)) > 0) {
            throw new IllegalArgumentException(where + ": " + text + " must be above 0 and at most 25s (the API server waits at most 30s)");
        }
        return value;
    }
}
