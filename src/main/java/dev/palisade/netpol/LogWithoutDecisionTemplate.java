package dev.palisade.netpol;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.engine.TemplateParams;
import java.util.List;

/**
 * A Calico Log rule with no Allow or Deny rule after it in the same policy and direction. Calico: "Log: Logs the
 * packet ... and continues processing with the next rule"; with nothing after it, what was logged is decided by
 * later policies or the end-of-tier deny, which is rarely what the author of a Log rule meant.
 */
final class LogWithoutDecisionTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "netpol-calico-log-without-decision";
    }

    @Override
    public String description() {
        return "Calico Log rules that no Allow or Deny rule follows in the same policy";
    }

    @Override
    public ObjectKinds kinds(TemplateParams params) {
        return LintModels.POLICY_KINDS;
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        params.rejectUnknown();
        return (object, inventory, out) -> LintModels.policyOf(object).ifPresent(policy -> {
            for (Direction direction : Direction.values()) {
                List<PolicyRule> rules = policy.rules(direction);
                for (int i = 0; i < rules.size(); i++) {
                    if (rules.get(i).action() != RuleAction.LOG) {
                        continue;
                    }
                    boolean decided = rules.subList(i + 1, rules.size()).stream()
                            .anyMatch(r -> r.action() == RuleAction.ALLOW || r.action() == RuleAction.DENY);
                    if (!decided) {
                        out.add(rules.get(i).path() + ".action", policy.describe() + " has a Log " + direction.lower()
                                + " rule that no Allow or Deny rule follows: what it logs is decided elsewhere");
                    }
                }
            }
        });
    }
}
