package dev.palisade.netpol;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.engine.TemplateParams;

/**
 * An ingress allow rule open to every address: an {@code ipBlock} of {@code 0.0.0.0/0} or {@code ::/0}, Calico
 * {@code nets} of those, or a rule without {@code from} ("If this field is empty or missing, this rule matches all
 * sources"). Right for a public ingress controller, wrong almost everywhere else.
 */
final class AnyAddressIngressTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "netpol-ingress-any-address";
    }

    @Override
    public String description() {
        return "ingress allow rules open to every source (no from, or 0.0.0.0/0 / ::/0)";
    }

    @Override
    public ObjectKinds kinds(TemplateParams params) {
        return LintModels.POLICY_KINDS;
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        params.rejectUnknown();
        return (object, inventory, out) -> LintModels.policyOf(object).ifPresent(policy -> {
            for (PolicyRule rule : policy.rules(Direction.INGRESS)) {
                if (rule.action() != RuleAction.ALLOW) {
                    continue;
                }
                if (rule.peers().isEmpty()) {
                    out.add(rule.path(), policy.describe() + " allows ingress from every source"
                            + (rule.ports().isEmpty() ? " on every port" : " on " + rule.ports())
                            + " (the rule lists no peers)");
                    continue;
                }
                for (int i = 0; i < rule.peers().size(); i++) {
                    if (OpenPeers.everyAddress(rule.peers().get(i))) {
                        out.add(OpenPeers.peersPath(rule, policy, Direction.INGRESS, i), policy.describe()
                                + " allows ingress from every address (" + rule.peers().get(i).nets() + ")");
                    }
                }
            }
        });
    }
}
