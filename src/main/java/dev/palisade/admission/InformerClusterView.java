package dev.palisade.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.source.KubeObject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live {@link ClusterView}: two fabric8 informers (NetworkPolicies in every namespace, and Namespaces), each event
 * converted once into a {@link KubeObject} so that a request only reads an immutable snapshot. Needs exactly
 * {@code list} and {@code watch} on {@code networking.k8s.io/networkpolicies} and {@code namespaces} (the chart's
 * ClusterRole).
 *
 * <p>Until both caches hold their initial list the view is unsynced and the webhook not ready, rather than judging
 * against an empty cache. Every failure to list or watch (no API server yet, no permission yet, a restart) is
 * retried with fabric8's exponential backoff (1 s doubling to 32 s) for as long as the process runs, and the last
 * reason is what {@link #status()} reports; fabric8's own default gives up on a failed first list, which left a
 * replica not ready for good.
 *
 * <p>Cost: an event is O(1) (a map write that invalidates the snapshot); the first read after a change copies the map
 * once, O(n). So the initial list of n objects costs O(n), not a copy per event.
 */
public final class InformerClusterView implements ClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(InformerClusterView.class);
    private static final long RESYNC_MILLIS = 10 * 60 * 1000L;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final KubernetesClient client;
    private final Cache policies = new Cache("networking.k8s.io/v1", "NetworkPolicy", "NetworkPolicies");
    private final Cache namespaces = new Cache("v1", "Namespace", "Namespaces");

    public InformerClusterView(KubernetesClient client) {
        this.client = client;
        policies.start(client.network().v1().networkPolicies().inAnyNamespace().runnableInformer(RESYNC_MILLIS));
        namespaces.start(client.namespaces().runnableInformer(RESYNC_MILLIS));
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public boolean synced() {
        return policies.synced() && namespaces.synced();
    }

    @Override
    public String status() {
        return java.util.stream.Stream.of(policies, namespaces).filter(cache -> !cache.synced()).map(Cache::waiting)
                .collect(Collectors.joining("; "));
    }

    @Override
    public List<KubeObject> networkPolicies() {
        return policies.snapshot();
    }

    @Override
    public List<KubeObject> namespaces() {
        return namespaces.snapshot();
    }

    @Override
    public Map<String, String> namespaceLabels(String namespace) {
        KubeObject object = namespaces.byKey.get(namespace);
        return object == null ? Map.of() : object.labels();
    }

    @Override
    public void close() {
        policies.close();
        namespaces.close();
    }

    /** One kind's informer and objects by namespace/name, plus a snapshot for readers rebuilt on the first read after a change. */
    private final class Cache implements ResourceEventHandler<HasMetadata> {
        private final String apiVersion;
        private final String kind;
        private final String plural;
        final Map<String, KubeObject> byKey = new ConcurrentHashMap<>();
        /** Null after a change; rebuilt under the lock that writes take, so it never misses a write. */
        private volatile List<KubeObject> snapshot = List.of();
        private volatile SharedIndexInformer<? extends HasMetadata> informer;
        private volatile String lastFailure;
        private volatile int failures;

        Cache(String apiVersion, String kind, String plural) {
            this.apiVersion = apiVersion;
            this.kind = kind;
            this.plural = plural;
        }

        void start(SharedIndexInformer<? extends HasMetadata> newInformer) {
            informer = newInformer;
            newInformer.addEventHandler(this);
            newInformer.exceptionHandler((started, error) -> {
                retrying(error);
                return true;
            });
            newInformer.start().whenComplete((ignored, error) -> {
                if (error == null && failures > 0) {
                    LOG.info("cluster cache {} listed after {} failed attempts; the webhook can be ready", plural, failures);
                }
            });
        }

        boolean synced() {
            return informer.hasSynced();
        }

        String waiting() {
            String failure = lastFailure;
            return plural + " not listed yet" + (failure == null ? "" : ": " + failure + " (attempt " + failures + ", retrying with backoff)");
        }

        /** The first failure and every change of reason are logged; repeats only count (the backoff reaches 32 s). */
        private void retrying(Throwable error) {
            String reason = ClusterAccessFailure.describe(error, plural.toLowerCase(java.util.Locale.ROOT), String.valueOf(client.getMasterUrl()));
            failures++;
            if (!reason.equals(lastFailure)) {
                LOG.warn("cluster cache {}: {}; retrying with backoff{}", plural, reason,
                        synced() ? " (serving from the last listed state)" : " (the webhook stays not ready until it lists)");
            }
            lastFailure = reason;
        }

        List<KubeObject> snapshot() {
            List<KubeObject> current = snapshot;
            if (current != null) {
                return current;
            }
            synchronized (this) {
                if (snapshot == null) {
                    snapshot = List.copyOf(byKey.values());
                }
                return snapshot;
            }
        }

        @Override
        public synchronized void onAdd(HasMetadata object) {
            byKey.put(key(object), convert(object));
            snapshot = null;
        }

        @Override
        public void onUpdate(HasMetadata previous, HasMetadata object) {
            onAdd(object);
        }

        @Override
        public synchronized void onDelete(HasMetadata object, boolean finalStateUnknown) {
            byKey.remove(key(object));
            snapshot = null;
        }

        void close() {
            informer.close();
        }

        /**
         * fabric8 8 serializes with Jackson 3 and the engine reads Jackson 2 trees, so the object crosses as JSON text
         * (once per event, never per request). List items come without apiVersion and kind; the checks need them.
         */
        private KubeObject convert(HasMetadata object) {
            JsonNode json;
            try {
                json = JSON.readTree(client.getKubernetesSerialization().asJson(object));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot read " + kind + " " + key(object) + " from the informer: " + e.getOriginalMessage());
            }
            if (json instanceof ObjectNode node) {
                node.put("apiVersion", apiVersion);
                node.put("kind", kind);
            }
            return KubeObject.of(json);
        }

        private static String key(HasMetadata object) {
            String namespace = object.getMetadata().getNamespace();
            return namespace == null || namespace.isEmpty() ? object.getMetadata().getName() : namespace + "/" + object.getMetadata().getName();
        }
    }
}
