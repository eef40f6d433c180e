package dev.palisade.netpol;

import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.workload.PodSpecAccessor;
import java.util.List;

/**
 * A workload whose pods no policy isolates for ingress. Kubernetes: "By default, a pod is non-isolated for
 * ingress; all inbound connections are allowed. A pod is isolated for ingress if there is any NetworkPolicy that
 * both selects the pod and has Ingress in its policyTypes." Calico policies of type Ingress count too.
 * Pods in the host network are skipped (policies do not apply to them). The webhook asks the same model.
 */
final class IngressIsolationTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "netpol-ingress-isolation";
    }

    @Override
    public String description() {
        return "workloads that no NetworkPolicy selects for ingress (params: exemptNamespaces)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        List<String> exempt = params.strings("exemptNamespaces", List.of());
        params.rejectUnknown();
        return (object, inventory, out) -> {
            if (!LintModels.isPolicedWorkload(object) || exempt.contains(LintModels.namespaceOf(object))) {
                return;
            }
            PodEndpoint pod = PodEndpoint.from(object).orElseThrow();
            PolicyModel model = LintModels.of(inventory);
            if (!model.isolated(pod, Direction.INGRESS)) {
                String labelsPath = PodSpecAccessor.podTemplate(object).orElseThrow().metadataPath() + ".labels";
                out.add(labelsPath, "no NetworkPolicy in namespace " + pod.namespace() + " selects " + object.kind() + " "
                        + object.name() + " for ingress (labels " + pod.labels() + "), so every pod and address may connect to it");
            }
        };
    }
}
