package dev.palisade.bestpractice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.source.KubeObject;
import dev.palisade.workload.PodSpecAccessor;
import java.util.Optional;

/**
 * A pod that mounts its ServiceAccount token although the input shows no use for it. The token is mounted unless the
 * pod sets {@code automountServiceAccountToken: false} or, when the pod leaves it unset, its ServiceAccount does. No
 * use means: the pod runs as {@code default} (which RBAC grants nothing unless someone binds it), or the input holds
 * the pod's ServiceAccount and no RoleBinding or ClusterRoleBinding of the input names it. A named ServiceAccount the
 * input does not hold passes: its bindings live elsewhere and the workload may well call the API (an operator does).
 */
final class AutomountTokenTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "automount-token";
    }

    @Override
    public String description() {
        return "pods that mount a ServiceAccount token the input shows no use for";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            JsonNode podSetting = pod.spec().path("automountServiceAccountToken");
            if (podSetting.isBoolean() && !podSetting.asBoolean()) {
                return;
            }
            String name = ServiceAccounts.nameOf(pod);
            Optional<KubeObject> account = ServiceAccounts.find(inventory, object.namespace(), name);
            if (!podSetting.isBoolean() && account.isPresent()) {
                JsonNode accountSetting = account.get().root().path("automountServiceAccountToken");
                if (accountSetting.isBoolean() && !accountSetting.asBoolean()) {
                    return;
                }
            }
            boolean bound = ServiceAccounts.bound(inventory, object.namespace(), name);
            String why;
            if (ServiceAccounts.DEFAULT.equals(name) && !bound) {
                why = "runs as the default ServiceAccount, which holds no permissions,";
            } else if (account.isPresent() && !bound) {
                why = "runs as ServiceAccount \"" + name + "\", which no binding in the input grants anything,";
            } else {
                return;
            }
            String where = podSetting.isMissingNode() ? pod.specPath() : pod.path("automountServiceAccountToken");
            out.add(where, "the pod " + why + " yet mounts its API token (automountServiceAccountToken is not false)");
        });
    }
}
