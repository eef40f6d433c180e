package dev.palisade.netpol;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.engine.TemplateParams;

/**
 * An egress allow rule that allows everything: every destination (no {@code to}, or every address) on every
 * port. It cancels egress isolation for the selected pods, including exfiltration to the internet. A rule
 * limited to ports (DNS on 53) is not reported.
 */
final class EgressAllowAllTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "netpol-egress-allow-all";
    }

    @Override
    public String description() {
        return "egress allow rules to every destination on every port";
    }

    @Override
    public ObjectKinds kinds(TemplateParams params) {
        return LintModels.POLICY_KINDS;
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        params.rejectUnknown();
        return (object, inventory, out) -> LintModels.policyOf(object).ifPresent(policy -> {
            for (PolicyRule rule : policy.rules(Direction.EGRESS)) {
                if (rule.action() == RuleAction.ALLOW && rule.ports().isEmpty() && OpenPeers.everyPeer(rule)) {
                    out.add(rule.path(), policy.describe() + " allows egress to every destination on every port,"
                            + " which undoes egress isolation for the pods it selects");
                }
            }
        });
    }
}
