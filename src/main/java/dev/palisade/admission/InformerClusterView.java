package dev.palisade.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.source.KubeObject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live {@link ClusterView}: one fabric8 informer per kind of {@link ClusterView#KINDS} across every namespace,
 * each event converted once into a {@link KubeObject} so that a request only reads an immutable snapshot. Pods are
 * kept slim, in the informer's store and here ({@link SlimPods}): what the NetworkPolicy model reads, nothing else.
 * Calico's {@code projectcalico.org/v3} policies, network sets and tiers, and the network-policy API project's
 * AdminNetworkPolicies and BaselineAdminNetworkPolicies, are cached too once the API server serves their group (looked
 * up at start and every minute until found). Needs exactly {@code list} and {@code watch} on those
 * resources (the chart's ClusterRole), no {@code get}.
 *
 * <p>Until every cache holds its initial list the view is unsynced and the webhook not ready, rather than judging
 * against an empty cache. Every failure to list or watch (no API server yet, no permission yet, a restart) is
 * retried with fabric8's exponential backoff (1 s doubling to 32 s) for as long as the process runs, and the last
 * reason is what {@link #status()} reports; fabric8's own default gives up on a failed first list, which left a
 * replica not ready for good.
 *
 * <p>Cost: an event is O(1) (a map write that invalidates its kind's snapshot and bumps the generation). The first read
 * after a change copies the changed kinds' maps, O(objects of those kinds), and yields a new {@link ClusterInventory},
 * whose views the checks then build once; every later read until the next change returns the same instance.
 */
public final class InformerClusterView implements ClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(InformerClusterView.class);
    private static final long RESYNC_MILLIS = 10 * 60 * 1000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    /** In start order; optional groups' join when their API group appears, so readers take a snapshot of the list. */
    private final List<Cache> caches = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Cache namespaceCache;
    private final List<Runnable> startListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.ScheduledExecutorService discovery = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("palisade-api-discovery").daemon().factory());
    private final AtomicLong changes = new AtomicLong();
    private volatile ClusterInventory inventory = ClusterInventory.of(Map.of(), -1);

    public InformerClusterView(KubernetesClient client) {
        this.client = client;
        namespaceCache = new Cache("v1", "Namespace", "Namespaces");
        start(namespaceCache, client.namespaces().runnableInformer(RESYNC_MILLIS));
        start(new Cache("networking.k8s.io/v1", "NetworkPolicy", "NetworkPolicies"),
                client.network().v1().networkPolicies().inAnyNamespace().runnableInformer(RESYNC_MILLIS));
        SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().runnableInformer(RESYNC_MILLIS);
        pods.itemStore(SlimPods.store());
        start(new Cache("v1", "Pod", "Pods"), pods);
        start(new Cache("rbac.authorization.k8s.io/v1", "ClusterRole", "ClusterRoles"),
                client.rbac().clusterRoles().runnableInformer(RESYNC_MILLIS));
        start(new Cache("rbac.authorization.k8s.io/v1", "Role", "Roles"),
                client.rbac().roles().inAnyNamespace().runnableInformer(RESYNC_MILLIS));
        start(new Cache("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "ClusterRoleBindings"),
                client.rbac().clusterRoleBindings().runnableInformer(RESYNC_MILLIS));
        start(new Cache("rbac.authorization.k8s.io/v1", "RoleBinding", "RoleBindings"),
                client.rbac().roleBindings().inAnyNamespace().runnableInformer(RESYNC_MILLIS));
        discovery.execute(this::discoverOptionalGroups);
    }

    /**
     * API groups served only where their add-on is installed, each with the kinds the NetworkPolicy model reads: Calico's
     * {@code projectcalico.org/v3} policies, network sets and tiers, and the network-policy API project's cluster-scoped
     * AdminNetworkPolicy and BaselineAdminNetworkPolicy ({@code policy.networking.k8s.io/v1alpha1}). Their caches start
     * once discovery lists the group; without it nothing waits for them.
     */
    private static final List<OptionalGroup> OPTIONAL_GROUPS = List.of(
            new OptionalGroup("projectcalico.org", "v3", "Calico's projectcalico.org/v3", List.of(
                    new OptionalKind("NetworkPolicy", "networkpolicies", true, "Calico NetworkPolicies"),
                    new OptionalKind("GlobalNetworkPolicy", "globalnetworkpolicies", false, "Calico GlobalNetworkPolicies"),
                    new OptionalKind("NetworkSet", "networksets", true, "Calico NetworkSets"),
                    new OptionalKind("GlobalNetworkSet", "globalnetworksets", false, "Calico GlobalNetworkSets"),
                    new OptionalKind("Tier", "tiers", false, "Calico Tiers"))),
            new OptionalGroup("policy.networking.k8s.io", "v1alpha1", "the network-policy API's policy.networking.k8s.io/v1alpha1", List.of(
                    new OptionalKind("AdminNetworkPolicy", "adminnetworkpolicies", false, "AdminNetworkPolicies"),
                    new OptionalKind("BaselineAdminNetworkPolicy", "baselineadminnetworkpolicies", false, "BaselineAdminNetworkPolicies"))));
    private static final long DISCOVERY_SECONDS = 60;

    /** A group/version an add-on serves, and the kinds of it to cache. */
    private record OptionalGroup(String group, String version, String description, List<OptionalKind> kinds) {
        String groupVersion() {
            return group + "/" + version;
        }
    }

    /** {@code described}: the plural in readiness and logs. */
    private record OptionalKind(String kind, String plural, boolean namespaced, String described) {}

    /** The optional groups not found yet; only the discovery thread touches it. */
    private final List<OptionalGroup> undiscovered = new java.util.ArrayList<>(OPTIONAL_GROUPS);
    /** The groups the API server has answered for at least once (served or not); only the discovery thread writes it. */
    private final java.util.Set<OptionalGroup> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile String discoveryFailure;
    private long discoveryBackoffSeconds = 1;

    /**
     * Looks for each optional group in discovery (allowed to every authenticated client), now and every minute until
     * found, so an add-on installed after the webhook is still picked up; then starts an informer for each of the
     * group's kinds the server lists. One request per group still missing per minute; none once all are found. A
     * discovery that gets no answer (the API server unreachable) is retried with backoff (1 s doubling to 32 s), and
     * the view is not synced until every group has been answered once: a webhook must not turn ready, and judge,
     * without the Calico or admin policies it would have cached had the API server answered.
     */
    private void discoverOptionalGroups() {
        String failure = null;
        for (java.util.Iterator<OptionalGroup> pending = undiscovered.iterator(); pending.hasNext(); ) {
            OptionalGroup group = pending.next();
            io.fabric8.kubernetes.api.model.APIResourceList resources;
            try {
                resources = client.getApiResources(group.groupVersion());
            } catch (RuntimeException e) {
                int status = e instanceof io.fabric8.kubernetes.client.KubernetesClientException api ? api.getCode() : 0;
                if (status <= 0) {
                    failure = ClusterAccessFailure.describe(e, "the discovery of " + group.groupVersion(), String.valueOf(client.getMasterUrl()));
                    continue;
                }
                // An answer: 404 when not served; another status (an aggregated API whose server is down answers 503)
                // counts as not served for now rather than keeping every replica unready. Asked again in a minute.
                if (status != 404) {
                    LOG.debug("API discovery of {} answered {}; asking again in a minute", group.groupVersion(), status);
                }
                resources = null;
            }
            if (resources != null && resources.getResources() != null) {
                for (OptionalKind kind : group.kinds()) {
                    if (resources.getResources().stream().noneMatch(r -> r.getName().equals(kind.plural()))) {
                        continue;
                    }
                    var context = new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder().withGroup(group.group())
                            .withVersion(group.version()).withKind(kind.kind()).withPlural(kind.plural()).withNamespaced(kind.namespaced()).build();
                    var generic = client.genericKubernetesResources(context);
                    start(new Cache(group.groupVersion(), kind.kind(), kind.described(), kind.plural()), kind.namespaced()
                            ? generic.inAnyNamespace().runnableInformer(RESYNC_MILLIS) : generic.runnableInformer(RESYNC_MILLIS));
                }
                LOG.info("{} is served: caching its policies too", group.description());
                pending.remove();
            }
            answered.add(group); // after the caches joined, so that readiness waits for them to list
        }
        if (failure != null && !failure.equals(discoveryFailure)) {
            LOG.warn("API discovery: {}; retrying with backoff", failure);
        }
        discoveryFailure = failure;
        if (undiscovered.isEmpty()) {
            discovery.shutdown();
            return;
        }
        long delay = DISCOVERY_SECONDS;
        if (failure != null) {
            delay = discoveryBackoffSeconds;
            discoveryBackoffSeconds = Math.min(32, discoveryBackoffSeconds * 2);
        } else {
            discoveryBackoffSeconds = 1;
        }
        try {
            discovery.schedule(this::discoverOptionalGroups, delay, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // The view was closed meanwhile.
        }
    }

    private boolean discoveryAnswered() {
        return answered.size() == OPTIONAL_GROUPS.size();
    }

    /** The client the informers use, shared with the background audit. */
    public KubernetesClient client() {
        return client;
    }

    private void start(Cache cache, SharedIndexInformer<? extends HasMetadata> informer) {
        caches.add(cache);
        changes.incrementAndGet();
        cache.start(informer);
        startListeners.forEach(Runnable::run);
    }

    @Override
    public void onCacheStarted(Runnable listener) {
        startListeners.add(listener);
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public boolean synced() {
        return discoveryAnswered() && caches.stream().allMatch(Cache::synced);
    }

    @Override
    public String status() {
        java.util.stream.Stream<String> discovering = discoveryAnswered() ? java.util.stream.Stream.empty()
                : java.util.stream.Stream.of("API discovery of Calico's and the admin network policies' groups not answered yet"
                        + (discoveryFailure == null ? "" : ": " + discoveryFailure + " (retrying with backoff)"));
        return java.util.stream.Stream.concat(discovering, caches.stream().filter(cache -> !cache.synced()).map(Cache::waiting))
                .collect(Collectors.joining("; "));
    }

    @Override
    public ClusterInventory inventory() {
        ClusterInventory current = inventory;
        long generation = changes.get();
        if (current.generation() == generation) {
            return current;
        }
        synchronized (this) {
            current = inventory;
            generation = changes.get();
            if (current.generation() != generation) {
                // The generation is read before the caches: a write racing this build bumps it again, so the next read
                // rebuilds rather than keeping a snapshot that misses the write.
                // Calico's NetworkPolicy shares the kind with Kubernetes': the linter's inventory keeps both under it too.
                Map<String, List<KubeObject>> byKind = new LinkedHashMap<>();
                for (Cache cache : caches) {
                    byKind.merge(cache.kind, cache.snapshot(), (a, b) -> {
                        List<KubeObject> both = new java.util.ArrayList<>(a);
                        both.addAll(b);
                        return List.copyOf(both);
                    });
                }
                inventory = current = ClusterInventory.of(byKind, generation);
            }
            return current;
        }
    }

    @Override
    public Map<String, String> namespaceLabels(String namespace) {
        KubeObject object = namespaceCache.byKey.get(namespace);
        return object == null ? Map.of() : object.labels();
    }

    @Override
    public List<CacheState> caches() {
        return caches.stream().map(c -> new CacheState(c.label(), c.byKey.size(), c.lastEvent, c.synced())).toList();
    }

    @Override
    public void close() {
        discovery.shutdownNow();
        caches.forEach(Cache::close);
    }

    /** One kind's informer and objects by namespace/name, plus a snapshot for readers rebuilt on the first read after a change. */
    private final class Cache implements ResourceEventHandler<HasMetadata> {
        private final String apiVersion;
        private final String kind;
        private final String plural;
        /** The API resource, for the grant a failure names. */
        private final String resource;
        final Map<String, KubeObject> byKey = new ConcurrentHashMap<>();
        /** Null after a change; rebuilt under the lock that writes take, so it never misses a write. */
        private volatile List<KubeObject> snapshot = List.of();
        private volatile SharedIndexInformer<? extends HasMetadata> informer;
        private volatile String lastFailure;
        private volatile int failures;
        volatile long lastEvent;

        Cache(String apiVersion, String kind, String plural) {
            this(apiVersion, kind, plural, plural.toLowerCase(Locale.ROOT));
        }

        Cache(String apiVersion, String kind, String plural, String resource) {
            this.apiVersion = apiVersion;
            this.kind = kind;
            this.plural = plural;
            this.resource = resource;
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
                    LOG.info("cluster cache {} listed after {} failed attempts", plural, failures);
                }
                changes.incrementAndGet();
            });
        }

        boolean synced() {
            return informer.hasSynced();
        }

        /** The kind, qualified by group for Calico's ({@code NetworkPolicy.projectcalico.org}), for metrics and health. */
        String label() {
            return apiVersion.startsWith("projectcalico.org/") ? kind + ".projectcalico.org" : kind;
        }

        String waiting() {
            String failure = lastFailure;
            return plural + " not listed yet" + (failure == null ? "" : ": " + failure + " (attempt " + failures + ", retrying with backoff)");
        }

        /** The first failure and every change of reason are logged; repeats only count (the backoff reaches 32 s). */
        private void retrying(Throwable error) {
            String reason = ClusterAccessFailure.describe(error, resource, String.valueOf(client.getMasterUrl()));
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
            changed();
        }

        @Override
        public void onUpdate(HasMetadata previous, HasMetadata object) {
            if (previous != null && object != null && previous.getMetadata().getResourceVersion() != null
                    && previous.getMetadata().getResourceVersion().equals(object.getMetadata().getResourceVersion())) {
                return; // a resync replays the same version: nothing changed, keep the views
            }
            onAdd(object);
        }

        @Override
        public synchronized void onDelete(HasMetadata object, boolean finalStateUnknown) {
            byKey.remove(key(object));
            changed();
        }

        private void changed() {
            snapshot = null;
            lastEvent = System.currentTimeMillis();
            changes.incrementAndGet();
        }

        void close() {
            informer.close();
        }

        /**
         * fabric8 8 serializes with Jackson 3 and the engine reads Jackson 2 trees, so the object crosses as JSON text
         * (once per event, never per request). List items come without apiVersion and kind; the checks need them.
         */
        private KubeObject convert(HasMetadata object) {
            HasMetadata kept = object instanceof Pod pod ? SlimPods.slim(pod) : object;
            JsonNode json;
            try {
                json = JSON.readTree(client.getKubernetesSerialization().asJson(kept));
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
