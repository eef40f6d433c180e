package dev.palisade.netpol;

import dev.palisade.engine.Inventory;
import dev.palisade.engine.InventoryView;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.source.KubeObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One model per linted input, shared by every network-policy check of the run: the checks are evaluated object by
 * object, and building the model once per inventory ({@link Inventory#view}) keeps a run linear in the input. The
 * context costs O(objects) plus the {@link PolicyModel}'s own build.
 */
final class LintModels {
    private static final InventoryView<Context> CONTEXT = new InventoryView<>("network-policy model", LintModels::build);

    /** The model of an input plus the per-namespace facts the namespace check needs. */
    record Context(PolicyModel model, Set<String> declaredNamespaces, Map<String, KubeObject> firstWorkloads,
                   Map<String, PolicyWarning> duplicates) {}

    /** The kinds a policy has (Kubernetes and Calico NetworkPolicy, Calico GlobalNetworkPolicy, (Baseline)AdminNetworkPolicy). */
    static final ObjectKinds POLICY_KINDS = ObjectKinds.of("NetworkPolicy", "GlobalNetworkPolicy", "AdminNetworkPolicy",
            "BaselineAdminNetworkPolicy");

    private LintModels() {}

    static PolicyModel of(Inventory inventory) {
        return context(inventory).model();
    }

    static Context context(Inventory inventory) {
        return inventory.view(CONTEXT);
    }

    private static Context build(Inventory inventory) {
        List<KubeObject> objects = inventory.objects();
        Set<String> declared = new HashSet<>();
        Map<String, KubeObject> first = new HashMap<>();
        for (KubeObject object : objects) {
            if (object.kind().equals("Namespace") && object.group().isEmpty()) {
                declared.add(object.name());
            } else if (isPolicedWorkload(object)) {
                first.putIfAbsent(namespaceOf(object), object);
            }
        }
        PolicyModel model = PolicyModel.of(ClusterSnapshot.fromObjects(objects));
        Map<String, PolicyWarning> duplicates = new HashMap<>();
        model.snapshot().warnings().forEach(w -> duplicates.put(w.file() + ":" + w.line(), w));
        return new Context(model, Set.copyOf(declared), Map.copyOf(first), Map.copyOf(duplicates));
    }

    /** The policy an object is, when it is one of the two dialects and readable. */
    static Optional<ModelPolicy> policyOf(KubeObject object) {
        if (KubernetesNetworkPolicy.isOne(object)) {
            return KubernetesNetworkPolicy.parse(object).policy().map(p -> p);
        }
        if (CalicoPolicy.isOne(object)) {
            return CalicoPolicy.parse(object).policy().map(p -> p);
        }
        if (AdminNetworkPolicy.isOne(object)) {
            return AdminNetworkPolicy.parse(object).policy().map(p -> p);
        }
        return Optional.empty();
    }

    /** The namespace an object is linted in: its own, else {@code default}. */
    static String namespaceOf(KubeObject object) {
        return object.namespace().isEmpty() ? "default" : object.namespace();
    }

    /** Workloads the model sees, i.e. objects with a pod template that do not run in the host's network. */
    static boolean isPolicedWorkload(KubeObject object) {
        return dev.palisade.workload.PodSpecAccessor.podTemplate(object)
                .map(t -> !t.field("hostNetwork").asBoolean(false)).orElse(false);
    }
}
