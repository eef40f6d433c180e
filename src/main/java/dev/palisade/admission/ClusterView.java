package dev.palisade.admission;

import dev.palisade.source.KubeObject;
import java.util.List;
import java.util.Map;

/**
 * What the webhook knows of the live cluster beyond the request: NetworkPolicies and Namespaces, kept by informers so
 * that no request waits on an API call. Implementations are thread-safe and return immutable snapshots.
 */
public interface ClusterView extends AutoCloseable {

    /** False when serving {@code --offline}: there is no cluster, and checks that need one are skipped. */
    boolean live();

    /** True once every cache has its initial list; until then the webhook is not ready. Stays true across reconnects. */
    boolean synced();

    /**
     * Why the view is not synced yet, for the readiness endpoint: per cache not yet listed, what it waits for and the
     * last failure (API server unreachable, credentials rejected, forbidden), or "" when synced.
     */
    String status();

    List<KubeObject> networkPolicies();

    List<KubeObject> namespaces();

    /** The labels of a namespace, empty when it is unknown. */
    Map<String, String> namespaceLabels(String namespace);

    @Override
    void close();

    /** The view of {@code palisade serve --offline}: no cluster, always synced. */
    static ClusterView offline() {
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
            public List<KubeObject> networkPolicies() {
                return List.of();
            }

            @Override
            public List<KubeObject> namespaces() {
                return List.of();
            }

            @Override
            public Map<String, String> namespaceLabels(String namespace) {
                return Map.of();
            }

            @Override
            public void close() {}
        };
    }
}
