package dev.palisade.admission;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Part of the readiness group: DOWN until the NetworkPolicy and Namespace caches hold their initial lists, so the
 * Service sends no review to a webhook that would judge coverage against an empty cache. While DOWN it says what it
 * waits for and the last reason (no API server, forbidden, ...); the caches keep retrying, so readiness turns UP by
 * itself once the cause is gone. Liveness never depends on it: restarting would not help.
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
        return cluster.synced()
                ? Health.up().withDetail("networkPolicies", cluster.networkPolicies().size())
                        .withDetail("namespaces", cluster.namespaces().size()).build()
                : Health.down().withDetail("waiting", cluster.status()).build();
    }
}
