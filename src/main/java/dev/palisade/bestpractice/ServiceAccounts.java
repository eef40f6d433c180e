package dev.palisade.bestpractice;

import dev.palisade.engine.Inventory;
import dev.palisade.engine.InventoryView;
import dev.palisade.source.KubeObject;
import dev.palisade.workload.PodTemplate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The ServiceAccount a pod runs as, and what the input says about it. */
final class ServiceAccounts {
    static final String DEFAULT = "default";
    private static final InventoryView<View> VIEW = new InventoryView<>("service accounts and their bindings", View::of);

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
        return Optional.ofNullable(inventory.view(VIEW).accounts().get(new Account(namespace, name)));
    }

    /** Whether a RoleBinding or ClusterRoleBinding of the input names this ServiceAccount (or all of its namespace). */
    static boolean bound(Inventory inventory, String namespace, String name) {
        return inventory.view(VIEW).bound(namespace, name);
    }

    private record Account(String namespace, String name) {}

    /**
     * The ServiceAccounts of the input and the subjects its bindings name, read once per run: O(accounts + subjects)
     * to build, O(1) per workload.
     */
    private record View(Map<Account, KubeObject> accounts, Set<Account> boundAccounts, Set<String> boundNamespaces,
                        boolean everyAccountBound) {

        static View of(Inventory inventory) {
            Map<Account, KubeObject> accounts = new HashMap<>();
            for (KubeObject account : inventory.ofKind("ServiceAccount")) {
                accounts.putIfAbsent(new Account(account.namespace(), account.name()), account);
            }
            Set<Account> boundAccounts = new HashSet<>();
            Set<String> boundNamespaces = new HashSet<>();
            boolean everyAccount = false;
            for (String kind : new String[] {"RoleBinding", "ClusterRoleBinding"}) {
                for (KubeObject binding : inventory.ofKind(kind)) {
                    for (var subject : binding.root().path("subjects")) {
                        String subjectKind = subject.path("kind").asText("");
                        String subjectName = subject.path("name").asText("");
                        if ("ServiceAccount".equals(subjectKind)) {
                            boundAccounts.add(new Account(subject.path("namespace").asText(binding.namespace()), subjectName));
                        } else if ("Group".equals(subjectKind) && subjectName.equals("system:serviceaccounts")) {
                            everyAccount = true;
                        } else if ("Group".equals(subjectKind) && subjectName.startsWith("system:serviceaccounts:")) {
                            boundNamespaces.add(subjectName.substring("system:serviceaccounts:".length()));
                        }
                    }
                }
            }
            return new View(Map.copyOf(accounts), Set.copyOf(boundAccounts), Set.copyOf(boundNamespaces), everyAccount);
        }

        boolean bound(String namespace, String name) {
            return everyAccountBound || boundNamespaces.contains(namespace) || boundAccounts.contains(new Account(namespace, name));
        }
    }
}
