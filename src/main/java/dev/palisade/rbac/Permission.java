package dev.palisade.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CatalogueException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a check looks for in a rule: some verbs on some resources of some API groups (or on non-resource URLs). The
 * matcher follows the RBAC authorizer, within one rule and never across rules:
 * <ul>
 *   <li>{@code ""} is the core group; a rule's {@code *} matches every group, resource or verb;</li>
 *   <li>a resource is {@code resource} or {@code resource/subresource}; a rule's {@code *} covers every subresource and a
 *       rule's {@code *}{@code /scale} covers that subresource of every resource;</li>
 *   <li>a wanted {@code *} (group, verb) or {@code *}{@code /scale} (resource) asks for the wildcard itself: only a rule
 *       that reaches every group or every kind's scale grants it; a wanted {@code users/*} means any subresource;</li>
 *   <li>{@code resourceNames} narrows a rule to the named objects. A request that carries no name (create of a
 *       top-level resource, deletecollection) never matches such a rule, so those verbs are not granted at all.</li>
 * </ul>
 * {@code note} is added to the message and {@code lowerBy} lowers the severity when only this entry matched (say,
 * {@code get} on {@code pods/exec}, which is enough only before Kubernetes 1.35).
 */
record Permission(List<String> apiGroups, List<String> resources, List<String> verbs, List<String> nonResourceURLs,
        String note, int lowerBy) {

    /** What one rule grants of this permission, or null. */
    Grant grantedBy(PolicyRule rule) {
        if (!nonResourceURLs.isEmpty()) {
            return grantedUrls(rule);
        }
        Set<String> groups = new LinkedHashSet<>();
        for (String group : apiGroups) {
            if (rule.apiGroups().stream().anyMatch(g -> groupMatches(g, group))) {
                groups.add(group);
            }
        }
        if (groups.isEmpty()) {
            return null;
        }
        Set<String> reachedResources = new LinkedHashSet<>();
        Set<String> reachedVerbs = new LinkedHashSet<>();
        for (String resource : resources) {
            if (rule.resources().stream().noneMatch(r -> resourceMatches(r, resource))) {
                continue;
            }
            for (String verb : verbs) {
                if (rule.verbs().stream().anyMatch(v -> verbMatches(v, verb)) && nameCanMatch(rule, resource, verb)) {
                    reachedResources.add(resource);
                    reachedVerbs.add(verb);
                }
            }
        }
        if (reachedResources.isEmpty()) {
            return null;
        }
        return new Grant(rule, this, List.copyOf(groups), List.copyOf(reachedResources), List.copyOf(reachedVerbs));
    }

    /** What one rule grants of each of several permissions, in their order. */
    static List<Grant> grantsIn(List<Permission> wanted, PolicyRule rule) {
        List<Grant> grants = new ArrayList<>();
        for (Permission permission : wanted) {
            Grant grant = permission.grantedBy(rule);
            if (grant != null) {
                grants.add(grant);
            }
        }
        return grants;
    }

    private Grant grantedUrls(PolicyRule rule) {
        Set<String> urls = new LinkedHashSet<>();
        Set<String> reachedVerbs = new LinkedHashSet<>();
        for (String url : nonResourceURLs) {
            if (rule.nonResourceURLs().stream().noneMatch(u -> urlMatches(u, url))) {
                continue;
            }
            for (String verb : verbs) {
                if (rule.verbs().stream().anyMatch(v -> verbMatches(v, verb))) {
                    urls.add(url);
                    reachedVerbs.add(verb);
                }
            }
        }
        return urls.isEmpty() ? null : new Grant(rule, this, List.of(), List.copyOf(urls), List.copyOf(reachedVerbs));
    }

    static boolean groupMatches(String granted, String wanted) {
        return "*".equals(granted) || granted.equals(wanted);
    }

    static boolean verbMatches(String granted, String wanted) {
        return "*".equals(granted) || granted.equals(wanted);
    }

    static boolean resourceMatches(String granted, String wanted) {
        if ("*".equals(granted) || granted.equals(wanted)) {
            return true;
        }
        int slash = wanted.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String base = wanted.substring(0, slash);
        String sub = wanted.substring(slash + 1);
        if ("*".equals(sub)) { // any subresource of base
            return granted.startsWith(base + "/") || granted.startsWith("*/");
        }
        if ("*".equals(base)) { // this subresource of every resource: only the wildcard grants it
            return false;
        }
        return granted.equals("*/" + sub);
    }

    static boolean urlMatches(String granted, String wanted) {
        if ("*".equals(granted) || granted.equals(wanted)) {
            return true;
        }
        return granted.endsWith("*") && !"*".equals(wanted) && wanted.startsWith(granted.substring(0, granted.length() - 1));
    }

    /** With resourceNames, a request without a name (create of a top-level resource, deletecollection) never matches. */
    private static boolean nameCanMatch(PolicyRule rule, String resource, String verb) {
        if (rule.resourceNames().isEmpty()) {
            return true;
        }
        boolean topLevelCreate = "create".equals(verb) && !resource.contains("/");
        return !topLevelCreate && !"deletecollection".equals(verb);
    }

    /** Parses a check's {@code grants:} list; errors name the check. */
    static List<Permission> parseAll(String check, JsonNode grants) {
        if (grants == null || !grants.isArray() || grants.isEmpty()) {
            throw new CatalogueException("check " + check + ": template parameter \"grants\" must be a non-empty list of"
                    + " {apiGroups, resources, verbs} or {nonResourceURLs, verbs}");
        }
        List<Permission> list = new ArrayList<>();
        for (int i = 0; i < grants.size(); i++) {
            JsonNode entry = grants.get(i);
            String where = "check " + check + ": grants[" + i + "]";
            if (!entry.isObject()) {
                throw new CatalogueException(where + " must be a mapping");
            }
            for (String field : (Iterable<String>) entry::fieldNames) {
                if (!List.of("apiGroups", "resources", "verbs", "nonResourceURLs", "note", "lowerBy").contains(field)) {
                    throw new CatalogueException(where + ": unknown field \"" + field
                            + "\" (known: apiGroups, resources, verbs, nonResourceURLs, note, lowerBy)");
                }
            }
            List<String> urls = strings(entry.path("nonResourceURLs"));
            List<String> resources = strings(entry.path("resources"));
            List<String> verbs = strings(entry.path("verbs"));
            if (verbs.isEmpty() || resources.isEmpty() == urls.isEmpty()) {
                throw new CatalogueException(where + " needs verbs and either resources (with apiGroups) or nonResourceURLs");
            }
            List<String> groups = entry.has("apiGroups") ? strings(entry.path("apiGroups")) : List.of("");
            int lowerBy = entry.path("lowerBy").asInt(0);
            if (lowerBy < 0 || lowerBy > 4) {
                throw new CatalogueException(where + ": lowerBy must be between 0 and 4");
            }
            String note = entry.path("note").asText("");
            list.add(new Permission(groups, resources, verbs, urls, note, lowerBy));
        }
        return List.copyOf(list);
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach(value -> values.add(value.asText()));
        return values;
    }
}
