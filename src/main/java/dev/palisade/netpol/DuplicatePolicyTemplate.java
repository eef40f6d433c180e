package dev.palisade.netpol;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;

/**
 * The same policy (API group, kind, namespace, name) given more than once in the input, e.g. in two files. Applied
 * together, the later one replaces the earlier, so the model keeps the later one; one finding, on that later copy,
 * names every location.
 */
final class DuplicatePolicyTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "netpol-policy-duplicate";
    }

    @Override
    public String description() {
        return "network policies given more than once in the input (the later one is used)";
    }

    @Override
    public dev.palisade.engine.ObjectKinds kinds(TemplateParams params) {
        return LintModels.POLICY_KINDS;
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        params.rejectUnknown();
        return (object, inventory, out) -> {
            if (!KubernetesNetworkPolicy.isOne(object) && !CalicoPolicy.isOne(object) && !AdminNetworkPolicy.isOne(object)) {
                return;
            }
            PolicyWarning warning = LintModels.context(inventory).duplicates().get(object.file() + ":" + object.line());
            if (warning != null && warning.object().name().equals(object.name())) {
                out.add("metadata.name", warning.message());
            }
        };
    }
}
