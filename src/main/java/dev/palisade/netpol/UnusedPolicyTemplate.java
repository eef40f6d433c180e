package dev.palisade.netpol;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.engine.TemplateParams;

/**
 * A policy that selects no pod of the input. Judged only when the input holds workloads of the policy's
 * namespace (any namespace for a GlobalNetworkPolicy); a file of policies alone says nothing about the pods they
 * are meant for. Usually a label typo: the policy then protects nothing.
 */
final class UnusedPolicyTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "netpol-selects-nothing";
    }

    @Override
    public String description() {
        return "NetworkPolicies (Kubernetes or Calico) whose selector matches no pod or workload of the input";
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
            String namespace = policy.ref().namespace();
            if (model.hasPodsIn(namespace) && model.selectedPods(policy).isEmpty()) {
                String where = namespace.isEmpty() ? "the input" : "namespace " + namespace + " of the input";
                out.add(policy instanceof KubernetesNetworkPolicy ? "spec.podSelector"
                        : policy instanceof AdminNetworkPolicy ? "spec.subject" : "spec.selector",
                        policy.describe() + " selects no pod or workload in " + where + ": it isolates and allows nothing");
            }
        });
    }
}
