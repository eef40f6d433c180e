package dev.palisade.admission;

import dev.palisade.engine.Inventory;
import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster's cached objects at one cache generation, as the {@link Inventory} the lint engine reads: the same checks
 * and the same cross-object views answer over files and over the cluster. Immutable; views built from it live as long
 * as it does ({@link Inventory#view}), i.e. until the next cache change replaces it. Never "holds every" object of a
 * kind in the linter's sense: Services and PodDisruptionBudgets are not cached, so checks that report a missing one stay
 * silent.
 *
 * <p>Cost: built in O(kinds) from the caches' own per-kind snapshots; {@link #objects()} is concatenated once, on first
 * use, in O(n).
 */
public final class ClusterInventory implements Inventory {
    private final Map<String, List<KubeObject>> byKind;
    private final long generation;
    private volatile List<KubeObject> all;

    private ClusterInventory(Map<String, List<KubeObject>> byKind, long generation) {
        this.byKind = Map.copyOf(byKind);
        this.generation = generation;
    }

    /** An inventory of per-kind lists (each already immutable) at a cache generation. */
    public static ClusterInventory of(Map<String, List<KubeObject>> byKind, long generation) {
        return new ClusterInventory(byKind, generation);
    }

    /** The number of cache changes this inventory reflects (for tests and metrics). */
    public long generation() {
        return generation;
    }

    @Override
    public List<KubeObject> objects() {
        List<KubeObject> known = all;
        if (known == null) {
            List<KubeObject> joined = new ArrayList<>();
            for (String kind : ClusterView.KINDS) {
                joined.addAll(ofKind(kind));
            }
            byKind.keySet().stream().filter(k -> !ClusterView.KINDS.contains(k)).sorted().forEach(k -> joined.addAll(ofKind(k)));
            all = known = List.copyOf(joined);
        }
        return known;
    }

    @Override
    public List<KubeObject> ofKind(String kind) {
        return byKind.getOrDefault(kind, List.of());
    }
}
