package dev.palisade.consistency;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;

/**
 * A PodDisruptionBudget that selects no Pod or pod template of its namespace in the input: it protects nothing
 * (a dangling budget, usually a label typo). A missing or null selector selects no pod in policy/v1. Judged only
 * when the input holds Pods or pod controllers of the namespace.
 */
final class BudgetSelectsPodsTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "budget-selects-pods";
    }

    @Override
    public String description() {
        return "PodDisruptionBudgets whose selector matches no Pod or pod template of the input";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> {
            if (!object.kind().equals("PodDisruptionBudget")) {
                return;
            }
            InputIndex index = InputIndex.of(inventory);
            if (!index.hasPodOwners(object.namespace())) {
                return;
            }
            var selectorNode = object.root().path("spec").path("selector");
            Selectors.Selector selector = Selectors.labelSelector(selectorNode, true);
            if (selector == null && (selectorNode.isMissingNode() || selectorNode.isNull())) {
                out.add("spec", "the budget has no selector: in policy/v1 it selects no pod and protects nothing");
            } else if (selector != null && index.selected(object.namespace(), selector.matchLabels(), selector::test).isEmpty()) {
                out.add("spec.selector", "the budget's selector " + selector + " matches no Pod or pod template of namespace "
                        + ServiceSelectsPodsTemplate.namespaceName(object.namespace()) + " in the input: it protects nothing");
            }
        };
    }
}
