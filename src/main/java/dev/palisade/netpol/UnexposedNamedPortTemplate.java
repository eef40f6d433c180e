package dev.palisade.netpol;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.engine.TemplateParams;
import java.util.ArrayList;
import java.util.List;

/**
 * A named port that no pod it is resolved on exposes. Kubernetes resolves a named port "against the
 * destination pod's container ports": in an ingress rule on the pods the policy selects, in an egress rule on the
 * pods the rule's peers select. When none of them declares a container port of that name and protocol, the port
 * entry allows nothing (typically a typo, or a port renamed in the Deployment). Judged only when the input holds
 * those pods.
 */
final class UnexposedNamedPortTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "netpol-named-port-unexposed";
    }

    @Override
    public String description() {
        return "named ports in policy rules that no pod they resolve on exposes";
    }

    @Override
    public ObjectKinds kinds(TemplateParams params) {
        return LintModels.POLICY_KINDS;
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        params.rejectUnknown();
        return (object, inventory, out) -> LintModels.policyOf(object).ifPresent(policy -> {
            PolicyModel model = LintModels.of(inventory);
            for (Direction direction : Direction.values()) {
                for (PolicyRule rule : policy.rules(direction)) {
                    if (rule.ports().stream().noneMatch(NetworkPolicyPort::isNamed)) {
                        continue; // no named port to resolve: spare the pod lookup
                    }
                    List<PodEndpoint> candidates = direction == Direction.INGRESS ? model.selectedPods(policy) : destinations(model, rule);
                    if (candidates.isEmpty()) {
                        continue;
                    }
                    for (int j = 0; j < rule.ports().size(); j++) {
                        NetworkPolicyPort port = rule.ports().get(j);
                        if (port.isNamed() && candidates.stream().noneMatch(p -> exposes(p, port))) {
                            String path = rule.path() + (policy instanceof CalicoPolicy ? ".destination.ports[" : ".ports[") + j + "]";
                            out.add(path, policy.describe() + " names port \"" + port.name() + "\" (" + port.protocol()
                                    + ") but none of the " + candidates.size() + " "
                                    + (direction == Direction.INGRESS ? "pods it selects" : "destination pods")
                                    + " exposes a container port of that name: the entry allows nothing");
                        }
                    }
                }
            }
        });
    }

    private static List<PodEndpoint> destinations(PolicyModel model, PolicyRule rule) {
        if (rule.peers().isEmpty()) {
            return model.pods();
        }
        List<PodEndpoint> pods = new ArrayList<>();
        rule.peers().forEach(peer -> pods.addAll(model.podsOf(peer)));
        return pods;
    }

    private static boolean exposes(PodEndpoint pod, NetworkPolicyPort port) {
        return pod.ports().stream().anyMatch(c -> c.name().equals(port.name())
                && (port.protocol() == null || port.protocol() == c.protocol()));
    }
}
