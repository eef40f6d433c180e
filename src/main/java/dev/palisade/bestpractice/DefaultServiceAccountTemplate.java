package dev.palisade.bestpractice;

import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.workload.PodSpecAccessor;

/**
 * A pod that runs as its namespace's {@code default} ServiceAccount (serviceAccountName unset or "default"): every
 * other such pod of the namespace shares its identity, so a permission granted to one is granted to all, and audit
 * logs cannot tell them apart. Reported whether or not the token is mounted (see automount-service-account-token).
 */
final class DefaultServiceAccountTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "default-service-account";
    }

    @Override
    public String description() {
        return "pods that run as the namespace's default ServiceAccount";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            if (!ServiceAccounts.DEFAULT.equals(ServiceAccounts.nameOf(pod))) {
                return;
            }
            boolean explicit = pod.spec().has("serviceAccountName");
            out.add(explicit ? pod.path("serviceAccountName") : pod.specPath(),
                    "the pod runs as the namespace's default ServiceAccount" + (explicit ? "" : " (serviceAccountName is unset)"));
        });
    }
}
