package dev.palisade.schema;

import dev.palisade.engine.Inventory;
import dev.palisade.source.KubeObject;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the schema checks learn once per input: the CustomResourceDefinitions it holds (added to those of the
 * {@code --crd} folders), and the first object and count of each apiVersion and kind, so that a kind without a schema
 * is reported once, on its first object, however many objects have it. O(n) to build; rebuilt when the inventory
 * hands out another object list or its size changed.
 */
final class SchemaRun {
    private static final Map<Inventory, SchemaRun> RUNS = Collections.synchronizedMap(new WeakHashMap<>());

    private final List<KubeObject> objects;
    private final int size;
    private final CustomResourceSchemas definitions = new CustomResourceSchemas();
    private final Map<String, KubeObject> first = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();

    private SchemaRun(List<KubeObject> objects, CustomResourceSchemas folders) {
        this.objects = objects;
        this.size = objects.size();
        definitions.addAll(folders);
        for (KubeObject object : objects) {
            if (CustomResourceSchemas.isDefinition(object)) {
                definitions.add(object);
            }
            String key = key(object);
            first.putIfAbsent(key, object);
            counts.merge(key, 1, Integer::sum);
        }
    }

    static SchemaRun of(Inventory inventory, CustomResourceSchemas folders) {
        List<KubeObject> objects = inventory.objects();
        SchemaRun cached = RUNS.get(inventory);
        if (cached != null && cached.objects == objects && cached.size == objects.size()) {
            return cached;
        }
        SchemaRun run = new SchemaRun(objects, folders);
        RUNS.put(inventory, run);
        return run;
    }

    CustomResourceSchemas definitions() {
        return definitions;
    }

    /** Whether this object is the first of its apiVersion and kind in the input (or not in the input at all). */
    boolean firstOfItsKind(KubeObject object) {
        KubeObject found = first.get(key(object));
        return found == null || found == object;
    }

    int count(KubeObject object) {
        return counts.getOrDefault(key(object), 1);
    }

    private static String key(KubeObject object) {
        return object.apiVersion() + " " + object.kind();
    }
}
