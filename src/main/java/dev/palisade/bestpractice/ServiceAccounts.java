package dev.palisade.bestpractice;

import dev.palisade.engine.Inventory;
import dev.palisade.source.KubeObject;
import dev.palisade.workload.PodTemplate;
import java.util.Optional;

/** The ServiceAccount a pod runs as, and what the input says about it. */
final class ServiceAccounts {
    static final String DEFAULT = "default";

    private ServiceAccounts() {}

    /** {@code spec.serviceAccountName}, or the deprecated {@code serviceAccount}, or "default". */
    static String nameOf(PodTemplate pod) {
        String name = pod.spec().path("serviceAccountName").asText("");
        if (name.isEmpty()) {
            name = pod.spec().path("serviceAccount").asText("");
        }
        return name.isEmpty() ? DEFAULT : name;
    }

    /** The ServiceAccount object of the input, in the workload's namespace. */
    static Optional<KubeObject> find(Inventory inventory, String namespace, String name) {
        return inventory.ofKind("ServiceAccount").stream()
                .filter(sa -> sa.name().equals(name) && sa.namespace().equals(namespace)).findFirst();
    }

    /** Whether a RoleBinding or ClusterRoleBinding of the input names this ServiceAccount (or all of its namespace). */
    static boolean bound(Inventory inventory, String namespace, String name) {
        for (String kind : new String[] {"RoleBinding", "ClusterRoleBinding"}) {
            for (KubeObject binding : inventory.ofKind(kind)) {
                for (var subject : binding.root().path("subjects")) {
                    String subjectKind = subject.path("kind").asText("");
                    String subjectName = subject.path("name").asText("");
                    String subjectNamespace = subject.path("namespace").asText(binding.namespace());
                    if ("ServiceAccount".equals(subjectKind) && subjectName.equals(name) && subjectNamespace.equals(namespace)) {
                        return true;
                    }
                    if ("Group".equals(subjectKind) && (subjectName.equals("system:serviceaccounts")
                            || subjectName.equals("system:serviceaccounts:" + namespace))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
