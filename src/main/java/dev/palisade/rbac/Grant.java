package dev.palisade.rbac;

import java.util.ArrayList;
import java.util.List;

/**
 * What one rule grants of a {@link Permission}: the wanted groups, resources (or non-resource URLs) and verbs it
 * reaches. Its message names how: literally, or through which wildcard, so that {@code get} on every resource reads
 * differently from {@code *} on one harmless resource.
 */
record Grant(PolicyRule rule, Permission permission, List<String> groups, List<String> resources, List<String> verbs) {

    /** Severity steps below the check's: the entry's own, plus one when the rule is limited to named objects. */
    int lowerBy() {
        return permission.lowerBy() + (namedOnly() ? 1 : 0);
    }

    boolean namedOnly() {
        return !rule.resourceNames().isEmpty() && permission.nonResourceURLs().isEmpty();
    }

    /** "get, list on every resource (resources: ["*"]) in every API group (apiGroups: ["*"]), which includes secrets". */
    String describe() {
        StringBuilder text = new StringBuilder();
        text.append(verbText()).append(" on ");
        if (!permission.nonResourceURLs().isEmpty()) {
            text.append(reached(rule.nonResourceURLs(), "nonResourceURLs", "every non-resource URL"));
            return text.append(noteSuffix()).toString();
        }
        text.append(reached(rule.resources(), "resources", "every resource"));
        if (rule.apiGroups().contains("*") && (groups.contains("*") || !literallyNamed(rule.apiGroups(), groups))) {
            text.append(" in every API group (apiGroups: [\"*\"])");
        } else if (groups.stream().anyMatch(g -> !g.isEmpty())) {
            text.append(" in ").append(String.join(", ", groups.stream().map(g -> g.isEmpty() ? "the core group" : g).toList()));
        }
        if (!literallyNamed(rule.resources(), resources)) {
            text.append(", which includes ").append(String.join(", ", resources));
        }
        if (namedOnly()) {
            text.append(" (only the named objects ").append(String.join(", ", rule.resourceNames())).append(')');
        }
        return text.append(noteSuffix()).toString();
    }

    private String verbText() {
        if (rule.verbs().contains("*") && !verbs.contains("*")) {
            return "every verb (verbs: [\"*\"]), including " + String.join(", ", verbs) + ",";
        }
        return String.join(", ", verbs);
    }

    /** The rule's own entries that reach the wanted values: literal names, or the wildcard that covers them. */
    private String reached(List<String> granted, String field, String everything) {
        List<String> literal = new ArrayList<>();
        List<String> wildcards = new ArrayList<>();
        for (String wanted : resources) {
            if (granted.contains(wanted)) {
                literal.add(wanted);
            }
        }
        for (String entry : granted) {
            if (!literal.contains(entry) && resources.stream().anyMatch(w -> covers(entry, w))) {
                wildcards.add(entry);
            }
        }
        List<String> parts = new ArrayList<>();
        for (String entry : literal) {
            parts.add("*".equals(entry) ? everything + " (" + field + ": [\"*\"])" : entry);
        }
        for (String wildcard : wildcards) {
            parts.add("*".equals(wildcard) ? everything + " (" + field + ": [\"*\"])" : wildcard);
        }
        return String.join(", ", parts);
    }

    private boolean covers(String granted, String wanted) {
        return permission.nonResourceURLs().isEmpty() ? Permission.resourceMatches(granted, wanted)
                : Permission.urlMatches(granted, wanted);
    }

    private static boolean literallyNamed(List<String> granted, List<String> reached) {
        return granted.containsAll(reached);
    }

    private String noteSuffix() {
        return permission.note().isEmpty() ? "" : " (" + permission.note() + ")";
    }
}
