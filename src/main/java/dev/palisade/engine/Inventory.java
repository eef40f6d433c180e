package dev.palisade.engine;

import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every object a check may look at beyond the one it judges: the whole input for the linter, the informer caches
 * plus the reviewed object for the webhook. Checks that relate objects (bindings to roles, policies to pods) use it.
 */
public interface Inventory {

    List<KubeObject> objects();

    List<KubeObject> ofKind(String kind);

    static Inventory of(List<KubeObject> objects) {
        Map<String, List<KubeObject>> byKind = new HashMap<>();
        for (KubeObject object : objects) {
            byKind.computeIfAbsent(object.kind(), k -> new ArrayList<>()).add(object);
        }
        List<KubeObject> all = List.copyOf(objects);
        return new Inventory() {
            @Override
            public List<KubeObject> objects() {
                return all;
            }

            @Override
            public List<KubeObject> ofKind(String kind) {
                return byKind.getOrDefault(kind, List.of());
            }
        };
    }
}
