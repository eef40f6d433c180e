package dev.palisade.admission;

import dev.palisade.engine.Inventory;
import java.util.List;
import java.util.Map;

/**
 * What Palisade knows of the live cluster beyond a request: Namespaces, Pods (slimmed), NetworkPolicies, ClusterRoles,
 * Roles and both binding kinds (plus Calico's policies and AdminNetworkPolicies where their API groups are served), kept by informers so that no request waits on an API call. Implementations are
 * thread-safe and hand out immutable snapshots.
 */
public interface ClusterView extends AutoCloseable {

    /** The kinds the live view caches, in the order the caches start. */
    List<String> KINDS = List.of("Namespace", "NetworkPolicy", "Pod", "ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding");

    /** False when serving {@code --offline}: there is no cluster, and checks that need one are skipped. */
    boolean live();

    /** True once every cache has its initial list; until then the webhook is not ready. Stays true across reconnects. */
    boolean synced();

    /**
     * Why the view is not synced yet, for the readiness endpoint: per cache not yet listed, what it waits for and the
     * last failure (API server unreachable, credentials rejected, forbidden), or "" when synced.
     */
    String status();

    /**
     * Every cached object as one immutable {@link ClusterInventory}, the same kind of input the linter judges. The same
     * instance is returned until a cache changes, so the cross-object views checks build from it (the RBAC model, the
     * NetworkPolicy model) are built once per cache change, never per request.
     */
    ClusterInventory inventory();

    /** The labels of a namespace, empty when it is unknown. */
    Map<String, String> namespaceLabels(String namespace);

    /** One line per cache for metrics and health: its kind, object count, last event and whether it has listed. */
    List<CacheState> caches();

    /**
     * Calls {@code listener} whenever a cache joins after start-up (an optional API group found by discovery), so that
     * per-cache metrics cover it too. The view's own caches need no call: {@link #caches()} lists them.
     */
    default void onCacheStarted(Runnable listener) {}

    /** A cache's state at one moment. {@code lastEventMillis} is 0 before the first event. */
    record CacheState(String kind, int objects, long lastEventMillis, boolean synced) {}

    @Override
    void close();

    /** The view of {@code palisade serve --offline}: no cluster, always synced. */
    static ClusterView offline() {
        ClusterInventory empty = ClusterInventory.of(Map.of(), 0);
        return new ClusterView() {
            @Override
            public boolean live() {
                return false;
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
                return empty;
            }

            @Override
            public Map<String, String> namespaceLabels(String namespace) {
                return Map.of();
            }

            @Override
            public List<CacheState> caches() {
                return List.of();
            }

            @Override
            public void close() {}
        };
    }
}
