package dev.palisade.admission;

import dev.palisade.source.KubeObject;
import dev.palisade.source.YamlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A live {@link ClusterView} over fixed objects, for judging reviews against a known cluster without informers. */
final class FixedClusterView implements ClusterView {
    private volatile ClusterInventory inventory;
    private long generation;

    FixedClusterView(String... objectYamls) {
        set(objectYamls);
    }

    /** Replaces the cluster's objects, as a cache change would: a new inventory, a new generation. */
    synchronized void set(String... objectYamls) {
        Map<String, List<KubeObject>> byKind = new LinkedHashMap<>();
        for (String yaml : objectYamls) {
            KubeObject object = KubeObject.of(YamlText.parse("cluster.yaml", yaml));
            byKind.computeIfAbsent(object.kind(), k -> new ArrayList<>()).add(object);
        }
        byKind.replaceAll((kind, list) -> List.copyOf(list));
        inventory = ClusterInventory.of(byKind, ++generation);
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public boolean synced() {
        return true;
    }

    @Override
    public String status() {
        return "";
    }

    @Override
    public ClusterInventory inventory() {
        return inventory;
    }

    @Override
    public Map<String, String> namespaceLabels(String namespace) {
        return inventory.ofKind("Namespace").stream().filter(n -> n.name().equals(namespace)).findFirst()
                .map(KubeObject::labels).orElse(Map.of());
    }

    @Override
    public List<CacheState> caches() {
        return List.of();
    }

    @Override
    public void close() {}
}
