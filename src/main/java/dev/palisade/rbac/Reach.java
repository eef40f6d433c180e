package dev.palisade.rbac;

import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.List;

/**
 * How far a role's rules reach, which sets a finding's severity ("RBAC good practices": cluster-wide grants and grants
 * in kube-system are worse than one namespace). The check's own severity is the widest case: a ClusterRoleBinding, a
 * binding in kube-system, aggregation into admin, edit or view (every user of those roles), or a ClusterRole the input
 * does not bind (a ClusterRoleBinding may bind it anywhere). A grant that reaches only ordinary namespaces is one
 * step lower.
 */
record Reach(KubeObject role, List<RoleBinding> bindings, List<String> aggregatedInto, boolean aggregatedWidest) {
    static final String KUBE_SYSTEM = "kube-system";

    static Reach of(KubeObject role, List<RoleBinding> bindings) {
        return new Reach(role, bindings, List.of(), false);
    }

    Reach aggregatedInto(String aggregate, boolean widest) {
        List<String> into = new ArrayList<>(aggregatedInto);
        if (!into.contains(aggregate)) {
            into.add(aggregate);
        }
        return new Reach(role, bindings, List.copyOf(into), aggregatedWidest || widest);
    }

    boolean clusterWide() {
        return bindings.stream().anyMatch(RoleBinding::clusterWide);
    }

    boolean bound() {
        return !bindings.isEmpty() || !aggregatedInto.isEmpty();
    }

    boolean widest() {
        if (clusterWide() || aggregatedWidest || KUBE_SYSTEM.equals(role.namespace())) {
            return true;
        }
        if (bindings.stream().anyMatch(b -> KUBE_SYSTEM.equals(b.namespace()))) {
            return true;
        }
        return !bound() && "ClusterRole".equals(role.kind());
    }

    /** Severity steps below the check's own. */
    int lowerBy() {
        return widest() ? 0 : 1;
    }

    /** "; bound cluster-wide by ClusterRoleBinding x", for the end of a message. */
    String describe() {
        List<String> parts = new ArrayList<>();
        List<String> clusterBindings = bindings.stream().filter(RoleBinding::clusterWide).map(RoleBinding::describe).toList();
        List<String> namespaced = bindings.stream().filter(b -> !b.clusterWide()).map(RoleBinding::describe).toList();
        if (!clusterBindings.isEmpty()) {
            parts.add("bound cluster-wide by " + String.join(", ", clusterBindings));
        }
        if (!namespaced.isEmpty()) {
            List<String> namespaces = bindings.stream().filter(b -> !b.clusterWide()).map(RoleBinding::namespace).distinct().toList();
            parts.add("bound in namespace " + String.join(", ", namespaces) + " by " + String.join(", ", namespaced));
        }
        for (String aggregate : aggregatedInto) {
            parts.add("aggregated into ClusterRole " + aggregate + ", so every holder of " + aggregate + " gets it");
        }
        if (parts.isEmpty()) {
            parts.add("ClusterRole".equals(role.kind()) ? "not bound in the input, so judged as if bound cluster-wide"
                    : "in namespace " + (role.namespace().isEmpty() ? "(default)" : role.namespace()) + ", not bound in the input");
        }
        return "; " + String.join("; ", parts);
    }
}
