package dev.palisade.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One rule of a Role or ClusterRole, as the RBAC authorizer reads it. {@code role} is the object that holds the rule
 * and {@code path} its field path there ({@code rules[2]}), so a finding or a who-can answer points at the rule's line
 * even when the rule reaches a ClusterRole through aggregation.
 */
record PolicyRule(
        KubeObject role,
        int index,
        List<String> apiGroups,
        List<String> resources,
        List<String> verbs,
        List<String> resourceNames,
        List<String> nonResourceURLs) {

    static List<PolicyRule> of(KubeObject role) {
        JsonNode rules = role.root().path("rules");
        List<PolicyRule> list = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            list.add(new PolicyRule(role, i, strings(rule.path("apiGroups")), strings(rule.path("resources")),
                    strings(rule.path("verbs")), strings(rule.path("resourceNames")), strings(rule.path("nonResourceURLs"))));
        }
        return list;
    }

    String path() {
        return "rules[" + index + "]";
    }

    /** "ClusterRole edit rule 3", for messages about a rule that is not in the judged object. */
    String describe() {
        return role.kind() + " " + role.name() + " rule " + index;
    }

    /** {@code *} verbs on {@code *} resources in {@code *} groups, unnarrowed: everything a cluster-admin holds. */
    boolean grantsEverything() {
        return apiGroups.contains("*") && resources.contains("*") && verbs.contains("*") && resourceNames.isEmpty();
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach(value -> values.add(value.asText()));
        return List.copyOf(values);
    }
}
