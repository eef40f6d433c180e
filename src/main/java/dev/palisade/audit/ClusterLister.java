package dev.palisade.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.source.KubeObject;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the audited kinds from the API server page by page ({@code limit}/{@code continue}, {@value #PAGE} objects a
 * page), so that memory holds one page of API objects at a time besides the converted objects. Each object becomes a
 * {@link KubeObject} whose "file" is its cluster location, {@code cluster:Kind/namespace/name}, so every report format
 * names it where it would name a file. {@code managedFields} are dropped: nothing judges them.
 *
 * <p>A kind the API server does not serve (404) is left out (and named, unless it is an add-on kind such as Calico's);
 * any other failure (forbidden, unreachable, an expired continue token after a restart) fails the whole read, so an
 * audit never writes reports from a partial cluster. Kinds of one name in two groups (Kubernetes' and Calico's
 * NetworkPolicy) are one list, as a folder of files gives them to lint.
 */
public final class ClusterLister {
    static final int PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    public ClusterLister(KubernetesClient client) {
        this.client = client;
    }

    /** What was read: objects by kind (each list in API order) and the kinds the server does not serve. */
    public record Listing(Map<String, List<KubeObject>> byKind, List<String> notServed) {
        public List<KubeObject> all() {
            List<KubeObject> all = new ArrayList<>();
            byKind.values().forEach(all::addAll);
            return all;
        }
    }

    /**
     * @param namespace the namespace to read namespaced kinds from, or null for all; cluster-scoped kinds are always
     *                  read (a binding is judged with its ClusterRole)
     * @throws ClusterReadException when a kind cannot be listed
     */
    public Listing list(String namespace) {
        Map<String, List<KubeObject>> byKind = new LinkedHashMap<>();
        List<String> notServed = new ArrayList<>();
        for (AuditedKind kind : AuditedKind.ALL) {
            try {
                List<KubeObject> objects = listKind(kind, namespace);
                byKind.merge(kind.kind(), objects, (a, b) -> {
                    List<KubeObject> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                });
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    if (!kind.addOn()) {
                        notServed.add(kind.kind());
                    }
                    continue;
                }
                String reason = e.getCode() == 403 ? "forbidden (grant list on " + kind.plural() + ")"
                        : e.getCode() > 0 ? "the API server answered " + e.getCode() : "the API server is unreachable (" + rootMessage(e) + ")";
                throw new ClusterReadException("cannot list " + kind.plural() + (namespace == null ? "" : " in namespace " + namespace)
                        + " from " + client.getMasterUrl() + ": " + reason, e);
            }
        }
        return new Listing(byKind, notServed);
    }

    private List<KubeObject> listKind(AuditedKind kind, String namespace) {
        List<KubeObject> objects = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            var resources = client.genericKubernetesResources(context(kind));
            var options = new ListOptionsBuilder().withLimit((long) PAGE).withContinue(token).build();
            GenericKubernetesResourceList page = kind.namespaced() && namespace != null
                    ? resources.inNamespace(namespace).list(options)
                    : kind.namespaced() ? resources.inAnyNamespace().list(options) : resources.list(options);
            for (GenericKubernetesResource item : page.getItems()) {
                objects.add(convert(kind, item));
            }
            token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            if (++pages > 100_000) {
                throw new ClusterReadException("listing " + kind.plural() + " did not end after 100,000 pages", null);
            }
        } while (token != null && !token.isEmpty());
        return objects;
    }

    /** Named in full, so that fabric8 needs no discovery (which fails for a group the server does not serve). */
    private static ResourceDefinitionContext context(AuditedKind kind) {
        return new ResourceDefinitionContext.Builder().withGroup(kind.group()).withVersion(kind.version())
                .withKind(kind.kind()).withPlural(kind.plural()).withNamespaced(kind.namespaced()).build();
    }

    private KubeObject convert(AuditedKind kind, GenericKubernetesResource item) {
        JsonNode json;
        try {
            json = JSON.readTree(client.getKubernetesSerialization().asJson(item));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ClusterReadException("cannot read " + kind.kind() + " " + item.getMetadata().getName() + ": " + e.getOriginalMessage(), e);
        }
        ObjectNode node = (ObjectNode) json;
        node.put("apiVersion", kind.apiVersion());
        node.put("kind", kind.kind());
        if (node.path("metadata") instanceof ObjectNode metadata) {
            metadata.remove("managedFields");
        }
        String namespace = node.path("metadata").path("namespace").asText("");
        String name = node.path("metadata").path("name").asText("");
        return new KubeObject(node, location(kind.kind(), namespace, name), 0, Map.of());
    }

    /** {@code cluster:Kind/namespace/name}, or {@code cluster:Kind/name} for a cluster-scoped object. */
    public static String location(String kind, String namespace, String name) {
        return "cluster:" + kind + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
