package dev.palisade.netpol;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.engine.TemplateParams;
import java.util.List;

/**
 * A policy, rule, peer or selector that the model cannot read: a Calico selector syntax error, an invalid CIDR,
 * an unknown operator, {@code endPort} below {@code port}, or a Calico field Palisade does not model. The model
 * leaves the part out (as documented in docs/network-policy.md); this check says so at the field's line.
 */
final class UnreadablePolicyTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "netpol-policy-unreadable";
    }

    @Override
    public String description() {
        return "NetworkPolicy fields (Kubernetes or Calico) that are invalid or not modelled, and were left out";
    }

    @Override
    public ObjectKinds kinds(TemplateParams params) {
        return LintModels.POLICY_KINDS;
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        params.rejectUnknown();
        return (object, inventory, out) -> {
            List<PolicyError> errors = KubernetesNetworkPolicy.isOne(object) ? KubernetesNetworkPolicy.parse(object).errors()
                    : CalicoPolicy.isOne(object) ? CalicoPolicy.parse(object).errors()
                    : AdminNetworkPolicy.isOne(object) ? AdminNetworkPolicy.parse(object).errors() : List.of();
            errors.forEach(e -> out.add(e.path(), e.message()));
        };
    }
}
