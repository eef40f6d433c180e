package dev.palisade.netpol;

import dev.palisade.engine.Inventory;
import dev.palisade.source.KubeObject;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * One model per linted input, shared by every network-policy check of the run: the checks are evaluated object by
 * object, and building the model once per inventory keeps a run linear in the input. The cached model is rebuilt
 * when the inventory hands out another object list or its size changed (an inventory over live caches).
 */
final class LintModels {
    private static final Map<Inventory, Context> CONTEXTS = Collections.synchronizedMap(new WeakHashMap<>());

    /** The model of an input plus the per-namespace facts the namespace check needs. */
    record Context(List<KubeObject> objects, int size, PolicyModel model, Set<String> declaredNamespaces,
                   Map<String, KubeObject> firstWorkloads, Map<String, PolicyWarning> duplicates) {}

    private LintModels() {}

    static PolicyModel of(Inventory inventory) {
        return context(inventory).model();
    }

    static Context context(Inventory inventory) {
        List<KubeObject> objects = inventory.objects();
        Context cached = CONTEXTS.get(inventory);
        if (cached != null && cached.objects() == objects && cached.size() == objects.size()) {
            return cached;
        }
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
        Context context = new Context(objects, objects.size(), model, Set.copyOf(declared), Map.copyOf(first), Map.copyOf(duplicates));
        CONTEXTS.put(inventory, context);
        return context;
    }

    /** The policy an object is, when it is one of the two dialects and readable. */
    static Optional<ModelPolicy> policyOf(KubeObject object) {
        if (KubernetesNetworkPolicy.isOne(object)) {
            return KubernetesNetworkPolicy.parse(object).policy().map(p -> p);
        }
        if (CalicoPolicy.isOne(object)) {
            return CalicoPolicy.parse(object).policy().map(p -> p);
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
