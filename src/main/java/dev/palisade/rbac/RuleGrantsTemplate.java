package dev.palisade.rbac;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.Violation;
import dev.palisade.netpol.LabelSelector;
import dev.palisade.source.KubeObject;
import java.util.List;

/**
 * A Role or ClusterRole rule that grants one of the check's {@code grants} (see {@link Permission} for the matcher):
 * one finding per rule, naming what it grants and through which wildcard, at the rule's line. The severity is the
 * check's for the widest reach and one step lower for each narrowing: ordinary namespaces only ({@link Reach}),
 * named objects only ({@code resourceNames}), or an entry with its own {@code lowerBy}. An aggregated ClusterRole is
 * judged on the union of the ClusterRoles it picks, at its selector. Rules that grant everything ({@code *} on
 * {@code *} in {@code *}) are left to the check that reports exactly that, unless {@code skipRulesGrantingEverything}
 * is false, so a cluster-admin copy yields one clear finding rather than twenty.
 */
final class RuleGrantsTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "rbac-rule-grants";
    }

    @Override
    public String description() {
        return "Role/ClusterRole rules granting verbs on resources or non-resource URLs (params: grants: [{apiGroups,"
                + " resources | nonResourceURLs, verbs, note, lowerBy}], skipRulesGrantingEverything)";
    }

    @Override
    public ObjectKinds kinds(TemplateParams params) {
        return RoleBinding.ROLE_KINDS;
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        List<Permission> wanted = Permission.parseAll(params.check(), params.raw("grants"));
        boolean skipEverything = params.bool("skipRulesGrantingEverything", true);
        RbacSettings settings = RbacSettings.from(params);
        return (object, inventory, out) -> {
            if (!RoleBinding.isRole(object) || settings.skips(object)) {
                return;
            }
            RbacModel model = RbacModel.of(inventory);
            Reach reach = model.reachOf(object);
            RbacSettings.Exemption exemption = settings.exemption(object, model);
            for (PolicyRule rule : model.rulesOf(object)) {
                if (skipEverything && rule.grantsEverything()) {
                    continue;
                }
                List<Grant> grants = Permission.grantsIn(wanted, rule);
                if (grants.isEmpty()) {
                    continue;
                }
                int lowerBy = reach.lowerBy() + grants.stream().mapToInt(Grant::lowerBy).min().orElse(0);
                boolean own = rule.role() == object;
                String message = (own ? "rule " + rule.index() : "through " + rule.describe()) + " grants "
                        + String.join("; ", grants.stream().map(Grant::describe).toList())
                        + reach.describe() + exemption.expiredNote();
                out.add(new Violation(own ? rule.path() : selectorPath(model, object, rule.role()), message, lowerBy,
                        exemption.exemptedBy()));
            }
        };
    }

    /** The aggregation selector that picks a component (or the aggregationRule when it is picked through a chain). */
    private static String selectorPath(RbacModel model, KubeObject aggregate, KubeObject component) {
        List<LabelSelector> selectors = model.selectors(aggregate);
        for (int i = 0; i < selectors.size(); i++) {
            if (selectors.get(i).matches(component.labels())) {
                return "aggregationRule.clusterRoleSelectors[" + i + "]";
            }
        }
        return "aggregationRule";
    }
}
