package dev.palisade.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.source.KubeObject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live {@link ClusterView}: two fabric8 informers (NetworkPolicies in every namespace, and Namespaces), each event
 * converted once into a {@link KubeObject} so that a request only reads an immutable snapshot. Needs exactly
 * {@code list} and {@code watch} on {@code networking.k8s.io/networkpolicies} and {@code namespaces} (the chart's
 * ClusterRole). Informers relist and rewatch on their own after a disconnect; a failed start (no permission, no API
 * server) keeps the view unsynced, so the webhook reports not ready instead of judging against an empty cache.
 */
public final class InformerClusterView implements ClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(InformerClusterView.class);
    private static final long RESYNC_MILLIS = 10 * 60 * 1000L;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final KubernetesClient client;
    private final Cache policies = new Cache("networking.k8s.io/v1", "NetworkPolicy");
    private final Cache namespaces = new Cache("v1", "Namespace");
    private final SharedIndexInformer<NetworkPolicy> policyInformer;
    private final SharedIndexInformer<Namespace> namespaceInformer;

    public InformerClusterView(KubernetesClient client) {
        this.client = client;
        this.policyInformer = client.network().v1().networkPolicies().inAnyNamespace().runnableInformer(RESYNC_MILLIS);
        this.namespaceInformer = client.namespaces().runnableInformer(RESYNC_MILLIS);
        policyInformer.addEventHandler(policies);
        namespaceInformer.addEventHandler(namespaces);
        for (SharedIndexInformer<?> informer : List.of(policyInformer, namespaceInformer)) {
            informer.start().whenComplete((ignored, error) -> {
                if (error != null) {
                    LOG.error("cluster cache cannot start ({}); the webhook stays not ready until it can: {}",
                            informer.getApiTypeClass().getSimpleName(), error.toString());
                }
            });
        }
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public boolean synced() {
        return policyInformer.hasSynced() && namespaceInformer.hasSynced();
    }

    @Override
    public String status() {
        StringBuilder waiting = new StringBuilder();
        if (!policyInformer.hasSynced()) {
            waiting.append("NetworkPolicies not listed yet");
        }
        if (!namespaceInformer.hasSynced()) {
            waiting.append(waiting.isEmpty() ? "" : "; ").append("Namespaces not listed yet");
        }
        return waiting.toString();
    }

    @Override
    public List<KubeObject> networkPolicies() {
        return policies.snapshot;
    }

    @Override
    public List<KubeObject> namespaces() {
        return namespaces.snapshot;
    }

    @Override
    public Map<String, String> namespaceLabels(String namespace) {
        KubeObject object = namespaces.byKey.get(namespace);
        return object == null ? Map.of() : object.labels();
    }

    @Override
    public void close() {
        policyInformer.close();
        namespaceInformer.close();
    }

    /** One kind's objects by namespace/name, plus a copy-on-write snapshot for readers. */
    private final class Cache implements ResourceEventHandler<HasMetadata> {
        private final String apiVersion;
        private final String kind;
        final Map<String, KubeObject> byKey = new ConcurrentHashMap<>();
        volatile List<KubeObject> snapshot = List.of();

        Cache(String apiVersion, String kind) {
            this.apiVersion = apiVersion;
            this.kind = kind;
        }

        @Override
        public void onAdd(HasMetadata object) {
            byKey.put(key(object), convert(object));
            refresh();
        }

        @Override
        public void onUpdate(HasMetadata previous, HasMetadata object) {
            onAdd(object);
        }

        @Override
        public void onDelete(HasMetadata object, boolean finalStateUnknown) {
            byKey.remove(key(object));
            refresh();
        }

        private synchronized void refresh() {
            snapshot = List.copyOf(byKey.values());
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
