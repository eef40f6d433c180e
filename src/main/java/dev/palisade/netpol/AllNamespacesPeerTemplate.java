package dev.palisade.netpol;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.engine.TemplateParams;

/**
 * An ingress allow rule whose peer is every namespace: Kubernetes {@code namespaceSelector: {}} ("selects all
 * namespaces"), alone or with a podSelector, or Calico {@code namespaceSelector: all()}. Anyone who may create a
 * pod in any namespace (with the right labels) gets in.
 */
final class AllNamespacesPeerTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "netpol-ingress-all-namespaces";
    }

    @Override
    public String description() {
        return "ingress allow rules whose peer is every namespace (namespaceSelector: {} or all())";
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
                for (int i = 0; i < rule.peers().size(); i++) {
                    NetworkPolicyPeer peer = rule.peers().get(i);
                    if (OpenPeers.everyNamespace(peer)) {
                        boolean anyPod = peer.pods() == null || peer.pods().matchesEverything();
                        out.add(OpenPeers.peersPath(rule, policy, Direction.INGRESS, i) + ".namespaceSelector",
                                policy.describe() + " allows ingress from " + (anyPod ? "every pod of every namespace"
                                        : "pods labelled " + peer.pods() + " in every namespace")
                                        + "; name the namespaces with a namespaceSelector on their labels");
                    }
                }
            }
        });
    }
}
