package dev.palisade.admission;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * One set of gauges per cluster cache, tagged by kind: {@code palisade_cluster_cache_objects{kind}},
 * {@code palisade_cluster_cache_synced{kind}} (1 once listed) and {@code palisade_cluster_cache_last_event_seconds{kind}}
 * (Unix time of the last add, update or delete; 0 before the first). Read on scrape, so they cost nothing per event.
 * A cache that joins later (an API group discovery finds after start-up) gets its gauges when it starts.
 */
final class ClusterCacheMetrics implements MeterBinder {
    private final ClusterView cluster;
    private final java.util.Set<String> registered = new java.util.HashSet<>();

    ClusterCacheMetrics(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        cluster.onCacheStarted(() -> register(registry));
        register(registry);
    }

    /** Registers the gauges of every cache not registered yet. */
    private synchronized void register(MeterRegistry registry) {
        for (ClusterView.CacheState cache : cluster.caches()) {
            String kind = cache.kind();
            if (!registered.add(kind)) {
                continue;
            }
            gauge(registry, "palisade.cluster.cache.objects", "Objects in the cluster cache", kind, ClusterView.CacheState::objects);
            gauge(registry, "palisade.cluster.cache.synced", "1 once the cache has its initial list", kind, s -> s.synced() ? 1 : 0);
            gauge(registry, "palisade.cluster.cache.last.event.seconds", "Unix time of the cache's last event", kind,
                    s -> s.lastEventMillis() / 1000.0);
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, String kind, ToDoubleFunction<ClusterView.CacheState> value) {
        Gauge.builder(name, cluster, view -> view.caches().stream().filter(s -> s.kind().equals(kind)).findFirst()
                        .map(value::applyAsDouble).orElse(Double.NaN))
                .description(description).tag("kind", kind).register(registry);
    }
}
