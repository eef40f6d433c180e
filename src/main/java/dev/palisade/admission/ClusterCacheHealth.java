package dev.palisade.admission;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Part of the readiness group: DOWN until every cluster cache holds its initial list, so the Service sends no review to
 * a webhook that would judge against an empty cache. While DOWN it says what it waits for and the last reason (no API
 * server, forbidden, ...); the caches keep retrying, so readiness turns UP by itself once the cause is gone. Liveness
 * never depends on it: restarting would not help.
 */
final class ClusterCacheHealth implements HealthIndicator {
    private final ClusterView cluster;

    ClusterCacheHealth(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Override
    public Health health() {
        if (!cluster.live()) {
            return Health.up().withDetail("cluster", "offline: no cluster caches").build();
        }
        if (!cluster.synced()) {
            return Health.down().withDetail("waiting", cluster.status()).build();
        }
        Health.Builder up = Health.up();
        cluster.caches().forEach(cache -> up.withDetail(cache.kind(), cache.objects()));
        return up.build();
    }
}
