package dev.palisade.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reconciles the reports Palisade owns (label {@code app.kubernetes.io/managed-by: palisade}) with a run's
 * {@link PolicyReports}: an existing report whose results changed is updated in place (with its resourceVersion, so a
 * concurrent writer makes it fail rather than lose an update), an unchanged one is left alone, a missing one is created
 * and one no longer wanted (its namespace has no audited object, or fewer parts are needed) is deleted. Names are fixed,
 * so a report is never duplicated; a failure part-way leaves every report either as it was or as it should be, and the
 * next run finishes the work.
 */
public final class PolicyReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    public PolicyReportWriter(KubernetesClient client) {
        this.client = client;
    }

    /** What a reconcile did. */
    public record Outcome(int created, int updated, int unchanged, int deleted) {
        @Override
        public String toString() {
            return created + " created, " + updated + " updated, " + unchanged + " unchanged, " + deleted + " deleted";
        }
    }

    /**
     * @param namespace only reports in this namespace are touched (no ClusterPolicyReport), or null for all
     * @throws ClusterReadException when the report kinds are not served (CRDs missing) or cannot be listed or written
     */
    public Outcome reconcile(List<PolicyReports.Report> desired, String namespace) {
        Map<String, GenericKubernetesResource> existing = new HashMap<>();
        try {
            var namespaced = client.genericKubernetesResources(PolicyReports.API_VERSION, "PolicyReport");
            var list = namespace == null ? namespaced.inAnyNamespace().withLabel(PolicyReports.MANAGED_BY, PolicyReports.MANAGER).list()
                    : namespaced.inNamespace(namespace).withLabel(PolicyReports.MANAGED_BY, PolicyReports.MANAGER).list();
            list.getItems().forEach(r -> existing.put(key("PolicyReport", r), r));
            if (namespace == null) {
                client.genericKubernetesResources(PolicyReports.API_VERSION, "ClusterPolicyReport")
                        .withLabel(PolicyReports.MANAGED_BY, PolicyReports.MANAGER).list().getItems()
                        .forEach(r -> existing.put(key("ClusterPolicyReport", r), r));
            }
        } catch (KubernetesClientException e) {
            throw failure("list", e);
        }
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        int deleted = 0;
        try {
            for (PolicyReports.Report report : desired) {
                if (namespace != null && !namespace.equals(report.namespace())) {
                    continue;
                }
                GenericKubernetesResource current = existing.remove(report.key());
                if (current == null) {
                    resources(report.kind(), report.namespace()).resource(toResource(report.body())).create();
                    created++;
                } else if (PolicyReports.withoutTimestamps(toJson(current)).equals(PolicyReports.withoutTimestamps(report.body()))) {
                    unchanged++;
                } else {
                    ObjectNode body = report.body().deepCopy();
                    ((ObjectNode) body.path("metadata")).put("resourceVersion", current.getMetadata().getResourceVersion());
                    resources(report.kind(), report.namespace()).resource(toResource(body)).update();
                    updated++;
                }
            }
            for (GenericKubernetesResource stale : existing.values()) {
                String namespaceOf = stale.getMetadata().getNamespace();
                resources(stale.getKind(), namespaceOf == null ? "" : namespaceOf).withName(stale.getMetadata().getName()).delete();
                deleted++;
            }
        } catch (KubernetesClientException e) {
            throw failure("write", e);
        }
        return new Outcome(created, updated, unchanged, deleted);
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> resources(
            String kind, String namespace) {
        var resources = client.genericKubernetesResources(PolicyReports.API_VERSION, kind);
        return namespace.isEmpty() ? resources : resources.inNamespace(namespace);
    }

    private ClusterReadException failure(String what, KubernetesClientException e) {
        if (e.getCode() == 404) {
            return new ClusterReadException("cannot " + what + " PolicyReports: the API server does not serve " + PolicyReports.API_VERSION
                    + " (install the PolicyReport CRDs: the chart's audit.installCrds, or Kyverno's)", e);
        }
        return new ClusterReadException("cannot " + what + " PolicyReports: " + (e.getCode() == 403
                ? "forbidden (grant get, list, create, update and delete on policyreports and clusterpolicyreports)"
                : e.getCode() > 0 ? "the API server answered " + e.getCode() + ": " + e.getMessage() : "the API server is unreachable"), e);
    }

    private static String key(String kind, GenericKubernetesResource resource) {
        String namespace = resource.getMetadata().getNamespace();
        return kind + "/" + (namespace == null ? "" : namespace) + "/" + resource.getMetadata().getName();
    }

    private JsonNode toJson(GenericKubernetesResource resource) {
        try {
            return JSON.readTree(client.getKubernetesSerialization().asJson(resource));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot read a PolicyReport: " + e.getOriginalMessage(), e);
        }
    }

    private GenericKubernetesResource toResource(JsonNode body) {
        return client.getKubernetesSerialization().unmarshal(body.toString(), GenericKubernetesResource.class);
    }
}
