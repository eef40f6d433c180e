package dev.palisade.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A cross-object view derived from a whole {@link Inventory} (roles by name, the aggregation closure, policies by
 * namespace), built at most once per inventory by {@link Inventory#view} and then only read. Checks run object by
 * object; building such a view per object is what makes a run quadratic, so every view counts its builds and a test
 * asserts one build per run.
 *
 * @param <T> the view; immutable once built, because the webhook's checks read it from several threads
 */
public final class InventoryView<T> {
    private static final List<InventoryView<?>> ALL = new CopyOnWriteArrayList<>();

    private final String name;
    private final Function<Inventory, T> build;
    private final AtomicLong builds = new AtomicLong();

    public InventoryView(String name, Function<Inventory, T> build) {
        this.name = name;
        this.build = build;
        ALL.add(this);
    }

    /** Every view the loaded classes declare. */
    public static List<InventoryView<?>> all() {
        return List.copyOf(ALL);
    }

    T build(Inventory inventory) {
        builds.incrementAndGet();
        return build.apply(inventory);
    }

    /** How often this view was built in this process (for tests that prove it is built once per run). */
    public long builds() {
        return builds.get();
    }

    @Override
    public String toString() {
        return name;
    }
}
