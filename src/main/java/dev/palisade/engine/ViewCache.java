package dev.palisade.engine;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/** The views built from one {@link Inventory}. */
final class ViewCache {
    /** The views of inventories that do not hold their own, for as long as each inventory lives. */
    private static final Map<Inventory, ViewCache> SHARED = Collections.synchronizedMap(new WeakHashMap<>());

    private final Map<InventoryView<?>, Object> views = new HashMap<>();

    static ViewCache of(Inventory inventory) {
        return SHARED.computeIfAbsent(inventory, i -> new ViewCache());
    }

    /**
     * Built under this cache's lock, which a view may take again to read another (the network-policy context reads
     * the policy model): a reentrant monitor, where {@code computeIfAbsent} would refuse the nesting.
     */
    @SuppressWarnings("unchecked")
    synchronized <T> T get(Inventory inventory, InventoryView<T> view) {
        Object built = views.get(view);
        if (built == null) {
            built = view.build(inventory);
            views.put(view, built);
        }
        return (T) built;
    }
}
