package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.FieldPath;

/**
 * A Kubernetes NetworkPolicy rule peer whose {@code podSelector} (without a {@code namespaceSelector}, so within the
 * policy's namespace) matches no Pod or pod template of the input: the rule allows nothing it was written for,
 * usually because of a label typo, and the traffic it should let through is denied. Peers with a namespaceSelector
 * reach other namespaces and are left alone; a policy is judged only when the input holds pods or pod controllers of
 * its namespace.
 */
final class PolicyPeerSelectsPodsTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "netpol-peer-selects-pods";
    }

    @Override
    public String description() {
        return "NetworkPolicy ingress/egress peers whose podSelector matches no Pod or pod template of the policy's namespace";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> {
            if (!object.kind().equals("NetworkPolicy") || !object.group().equals("networking.k8s.io")) {
                return;
            }
            InputIndex index = InputIndex.of(inventory);
            if (!index.hasPodOwners(object.namespace())) {
                return;
            }
            for (String[] direction : new String[][] {{"ingress", "from"}, {"egress", "to"}}) {
                JsonNode rules = object.root().path("spec").path(direction[0]);
                for (int r = 0; r < rules.size(); r++) {
                    JsonNode peers = rules.get(r).path(direction[1]);
                    for (int p = 0; p < peers.size(); p++) {
                        JsonNode peer = peers.get(p);
                        if (!peer.has("podSelector") || peer.has("namespaceSelector")) {
                            continue;
                        }
                        Selectors.Selector selector = Selectors.labelSelector(peer.get("podSelector"), false);
                        if (selector != null && index.selected(object.namespace(), selector.matchLabels(), selector::test).isEmpty()) {
                            String at = FieldPath.index(FieldPath.field(FieldPath.index(FieldPath.field("spec", direction[0]), r), direction[1]), p);
                            out.add(FieldPath.field(at, "podSelector"), direction[0] + " rule " + r + " peer " + p + " selects pods "
                                    + selector + ", and no Pod or pod template of namespace "
                                    + ServiceSelectsPodsTemplate.namespaceName(object.namespace()) + " in the input has them: the rule allows nothing");
                        }
                    }
                }
            }
        };
    }
}
