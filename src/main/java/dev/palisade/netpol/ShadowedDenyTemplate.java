package dev.palisade.netpol;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.engine.TemplateParams;
import java.util.List;

/**
 * A Calico Deny rule that an earlier Allow rule of the same policy always shadows: every packet the Deny matches,
 * the Allow matched first ("Allow ... ends evaluation"), so the Deny never takes effect. "Always" is judged
 * structurally: the Allow has no peer constraint or the same peers, and no port constraint or ports that contain
 * every port of the Deny, and no own-side constraint or the same one.
 */
final class ShadowedDenyTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "netpol-calico-shadowed-deny";
    }

    @Override
    public String description() {
        return "Calico Deny rules that an earlier Allow rule of the same policy always matches first";
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
                    PolicyRule deny = rules.get(i);
                    if (deny.action() != RuleAction.DENY) {
                        continue;
                    }
                    for (PolicyRule allow : rules.subList(0, i)) {
                        if (allow.action() == RuleAction.ALLOW && covers(allow, deny)) {
                            out.add(deny.path(), policy.describe() + " " + direction.lower() + " rule " + (i + 1)
                                    + " (Deny) never applies: rule " + (allow.index() + 1)
                                    + " (Allow) matches all of its traffic first; move the Deny above it");
                            break;
                        }
                    }
                }
            }
        });
    }

    static boolean covers(PolicyRule allow, PolicyRule deny) {
        boolean peers = allow.peers().isEmpty() || allow.peers().equals(deny.peers());
        boolean local = allow.local() == null || allow.local().equals(deny.local());
        return peers && local && ports(allow.ports(), deny.ports());
    }

    private static boolean ports(List<NetworkPolicyPort> allow, List<NetworkPolicyPort> deny) {
        if (allow.isEmpty()) {
            return true;
        }
        if (deny.isEmpty()) {
            return false;
        }
        return deny.stream().allMatch(d -> allow.stream().anyMatch(a -> contains(a, d)));
    }

    private static boolean contains(NetworkPolicyPort allow, NetworkPolicyPort deny) {
        if (allow.protocol() != null && allow.protocol() != deny.protocol()) {
            return false;
        }
        if (allow.isAllPorts()) {
            return true;
        }
        if (allow.isNamed() || deny.isNamed()) {
            return allow.isNamed() && deny.isNamed() && allow.name().equals(deny.name());
        }
        return !deny.isAllPorts() && allow.port() <= deny.port() && Math.max(allow.port(), allow.endPort())
                >= Math.max(deny.port(), deny.endPort());
    }
}
