package dev.palisade.engine;

import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every object a check may look at beyond the one it judges: the whole input for the linter, the informer caches
 * plus the reviewed object for the webhook. Checks that relate objects (bindings to roles, policies to pods) read
 * them through {@link #view}, so that each cross-object index is built once per inventory, never per object.
 */
public interface Inventory {

    List<KubeObject> objects();

    List<KubeObject> ofKind(String kind);

    /**
     * The view of this inventory, built on first use and then shared. This default keeps views beside the inventory
     * for as long as the inventory lives (an implementation that holds its own views may override it).
     */
    default <T> T view(InventoryView<T> view) {
        return ViewCache.of(this).get(this, view);
    }

    /**
     * Whether the inventory holds every object of a kind that exists where the judged object lives: true for a linted
     * input (the input is the world a lint run judges), false by default for views that cache only some kinds (the
     * webhook's). A check that reports a missing object of a kind (no Service for a StatefulSet, no
     * PodDisruptionBudget for a Deployment) stays silent when the answer is false.
     */
    default boolean holdsEvery(String kind) {
        return false;
    }

    /** An inventory of a fixed list of objects, indexed by kind, that holds its own views. */
    static Inventory of(List<KubeObject> objects) {
        Map<String, List<KubeObject>> byKind = new HashMap<>();
        for (KubeObject object : objects) {
            byKind.computeIfAbsent(object.kind(), k -> new ArrayList<>()).add(object);
        }
        List<KubeObject> all = List.copyOf(objects);
        ViewCache views = new ViewCache();
        return new Inventory() {
            @Override
            public List<KubeObject> objects() {
                return all;
            }

            @Override
            public List<KubeObject> ofKind(String kind) {
                return byKind.getOrDefault(kind, List.of());
            }

            @Override
            public <T> T view(InventoryView<T> view) {
                return views.get(this, view);
            }

            @Override
            public boolean holdsEvery(String kind) {
                return true;
            }
        };
    }
}
