package dev.palisade.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import java.util.List;

/**
 * A Role or ClusterRole rule that grants one of {@code verbs} on one of {@code resources} in one of {@code apiGroups},
 * judged within a single rule: {@code ""} is the core group and {@code *} matches anything in apiGroups, resources
 * and verbs ("RBAC good practices": a wildcard grants every current and future resource).
 */
final class RuleGrantsTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "rbac-rule-grants";
    }

    @Override
    public String description() {
        return "Role/ClusterRole rules granting given verbs on given resources (params: apiGroups, resources, verbs)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        List<String> groups = params.strings("apiGroups", List.of(""));
        List<String> resources = params.strings("resources", List.of());
        List<String> verbs = params.strings("verbs", List.of());
        params.rejectUnknown();
        return (object, inventory, out) -> {
            if (!"Role".equals(object.kind()) && !"ClusterRole".equals(object.kind())) {
                return;
            }
            JsonNode rules = object.root().path("rules");
            for (int i = 0; i < rules.size(); i++) {
                JsonNode rule = rules.get(i);
                if (matches(rule.path("apiGroups"), groups) && matches(rule.path("resources"), resources)
                        && matches(rule.path("verbs"), verbs)) {
                    String named = rule.path("resourceNames").isEmpty() ? "" : " (limited to resourceNames)";
                    out.add("rules[" + i + "]", object.kind() + " rule " + i + " grants " + verbs + " on "
                            + resources + named);
                }
            }
        };
    }

    private static boolean matches(JsonNode granted, List<String> wanted) {
        for (JsonNode value : granted) {
            if ("*".equals(value.asText()) || wanted.contains(value.asText())) {
                return true;
            }
        }
        return false;
    }
}
