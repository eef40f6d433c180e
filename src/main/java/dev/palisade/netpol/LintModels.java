package dev.palisade.netpol;

import dev.palisade.engine.Inventory;
import dev.palisade.source.KubeObject;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * One model per linted input, shared by every network-policy check of the run: the checks are evaluated object by
 * object, and building the model once per inventory keeps a run linear in the input.
 */
final class LintModels {
    private static final Map<Inventory, PolicyModel> MODELS = Collections.synchronizedMap(new WeakHashMap<>());

    private LintModels() {}

    static PolicyModel of(Inventory inventory) {
        return MODELS.computeIfAbsent(inventory, i -> PolicyModel.of(ClusterSnapshot.fromObjects(i.objects())));
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
