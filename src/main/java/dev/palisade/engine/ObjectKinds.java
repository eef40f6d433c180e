package dev.palisade.engine;

import java.util.Collection;
import java.util.Set;

/**
 * The kinds of object a check can report on. The engine calls a check only on those kinds, so a Pod Security control
 * never sees a ConfigMap and the webhook's review of a Deployment skips every RBAC check.
 */
public final class ObjectKinds {
    /** For a check that may report on an object of any kind. */
    public static final ObjectKinds EVERY = new ObjectKinds(null);

    private final Set<String> kinds;

    private ObjectKinds(Set<String> kinds) {
        this.kinds = kinds;
    }

    public static ObjectKinds of(String... kinds) {
        return new ObjectKinds(Set.of(kinds));
    }

    public static ObjectKinds of(Collection<String> kinds) {
        return new ObjectKinds(Set.copyOf(kinds));
    }

    public boolean includes(String kind) {
        return kinds == null || kinds.contains(kind);
    }

    @Override
    public String toString() {
        return kinds == null ? "every kind" : String.join(", ", kinds.stream().sorted().toList());
    }
}
