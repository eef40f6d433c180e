package dev.palisade.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calico's {@code projectcalico.org/v3} policies in the cluster view: with that API served (here by CustomResourceDefinitions
 * with open schemas, as recent Calico installs it), {@code palisade serve} caches its policies, so a namespace isolated
 * only by a Calico policy is covered for the webhook's workload check, and for {@code palisade audit}, which reads the
 * same kinds.
 */
@ApiServerTest
class CalicoCacheThroughApiServerTest {
    private static final String SUITE = "calico";
    private static final String ISOLATED = "e2e-calico-isolated";
    private static final String OPEN = "e2e-calico-open";
    private static final String NOT_ISOLATED = "netpol-workload-not-isolated";
    private static TestCluster cluster;
    private static WebhookProcess webhook;
    private static WebhookRegistration registration;
    private static WebhookRegistration calicoRegistration;

    @BeforeAll
    static void start(TestCluster testCluster) {
        cluster = testCluster;
        KubernetesClient admin = cluster.adminClient();
        for (String[] kind : new String[][] {{"NetworkPolicy", "networkpolicies", "Namespaced"},
                {"GlobalNetworkPolicy", "globalnetworkpolicies", "Cluster"}}) {
            String crd = """
                    apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: %s.projectcalico.org}
                    spec:
                      group: projectcalico.org
                      names: {kind: %s, plural: %s, listKind: %sList}
                      scope: %s
                      versions:
                        - name: v3
                          served: true
                          storage: true
                          schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                    """.formatted(kind[1], kind[0], kind[1], kind[0], kind[2]);
            for (HasMetadata object : admin.load(new ByteArrayInputStream(crd.getBytes(StandardCharsets.UTF_8))).items()) {
                admin.resource(object).forceConflicts().serverSideApply();
            }
        }
        cluster.createNamespace(ISOLATED, Map.of(WebhookRegistration.SUITE_LABEL, SUITE));
        cluster.createNamespace(OPEN, Map.of(WebhookRegistration.SUITE_LABEL, SUITE));
        String policy = """
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: default-deny, namespace: %s}
                spec: {selector: all(), types: [Ingress]}
                """.formatted(ISOLATED);
        Eventually.until("the Calico kinds are served", Duration.ofSeconds(30),
                () -> cluster.kubectl(cluster.admin(), policy, "apply", "-f", "-"), result -> result.exitCode() == 0);
        webhook = WebhookProcess.prepare("serve-calico", Path.of("target/e2e/calico"), Path.of("src/test/resources/e2e/palisade.yaml"),
                cluster.kubeconfig(cluster.webhook())).startReady();
        registration = WebhookRegistration.register(admin, "palisade-e2e-calico", SUITE, webhook.url(), webhook.caBundle(),
                "Fail", 10, WebhookRegistration.WORKLOADS);
        calicoRegistration = WebhookRegistration.register(admin, "palisade-e2e-calico-policies", SUITE, webhook.url(), webhook.caBundle(),
                "Fail", 10, WebhookRegistration.CALICO_POLICIES);
        admin.pods().inNamespace(ISOLATED).resource(new PodBuilder().withNewMetadata().withName("api").withNamespace(ISOLATED)
                .addToLabels("app", "api").endMetadata().withNewSpec().addNewContainer().withName("api")
                .withImage("registry.example.com/api:1.0.0").addNewPort().withContainerPort(8080).endPort().endContainer()
                .endSpec().build()).serverSideApply();
    }

    @AfterAll
    static void stop() {
        for (WebhookRegistration each : new WebhookRegistration[] {registration, calicoRegistration}) {
            if (each != null) {
                each.close();
            }
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    void aCalicoPolicyIsolatesTheNamespaceForTheWebhook() {
        Eventually.until("the Calico caches have listed", Duration.ofSeconds(30),
                () -> webhook.metric("palisade_cluster_cache_synced", "kind=\"NetworkPolicy.projectcalico.org\""), synced -> synced == 1.0);
        assertEquals(1.0, webhook.metric("palisade_cluster_cache_objects", "kind=\"NetworkPolicy.projectcalico.org\""));
        CommandResult open = Eventually.until("the webhook is called", Duration.ofSeconds(30), () -> dryRun(OPEN),
                result -> result.err().contains("[" + NOT_ISOLATED + "]"));
        assertEquals(0, open.exitCode(), open.toString());
        CommandResult isolated = dryRun(ISOLATED);
        assertEquals(0, isolated.exitCode(), isolated.toString());
        assertTrue(!isolated.err().contains(NOT_ISOLATED), isolated.toString());
    }

    @Test
    void deletingTheCalicoPolicyWarnsWhatItLeavesOpen() {
        CommandResult delete = Eventually.until("the webhook answers the Calico delete with its impact", Duration.ofSeconds(30),
                () -> cluster.kubectl(cluster.admin(), null, "delete", "networkpolicies.projectcalico.org", "default-deny", "-n", ISOLATED,
                        "--dry-run=server"),
                result -> result.err().contains("leaves " + ISOLATED + "/api selected by no ingress policy"));
        assertEquals(0, delete.exitCode(), delete.toString());
        assertTrue(delete.err().contains("deleting NetworkPolicy.projectcalico.org " + ISOLATED + "/default-deny"), delete.toString());
        CommandResult unchanged = cluster.kubectl(cluster.admin(), """
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: default-deny, namespace: %s}
                spec: {selector: all(), types: [Ingress]}
                """.formatted(ISOLATED), "apply", "--dry-run=server", "-f", "-");
        assertEquals(0, unchanged.exitCode(), unchanged.toString());
        assertTrue(!unchanged.err().contains("palisade:"), "an unchanged policy says nothing: " + unchanged);
    }

    @Test
    void theAuditReadsCalicoPoliciesAsTheWebhookDoes() {
        for (String namespace : new String[] {OPEN, ISOLATED}) {
            CommandResult created = cluster.kubectl(cluster.admin(), deployment(namespace), "apply", "-f", "-");
            assertEquals(0, created.exitCode(), created.toString());
        }
        for (String namespace : new String[] {OPEN, ISOLATED}) {
            CommandResult audit = CommandResult.palisade("audit", "--kubeconfig", cluster.kubeconfig(cluster.admin()).toString(), "-n", namespace,
                    "--fail-on", "info", "--format", "json");
            assertEquals(1, audit.exitCode(), "the Deployment has other findings: " + audit);
            assertTrue(audit.err().isEmpty(), "nothing said of the served Calico kinds or the unserved admin policies: " + audit);
            boolean reported = audit.out().contains("\"" + NOT_ISOLATED + "\"");
            assertEquals(namespace.equals(OPEN), reported, namespace + ": " + audit);
        }
    }

    private static CommandResult dryRun(String namespace) {
        return cluster.kubectl(cluster.admin(), deployment(namespace), "apply", "--dry-run=server", "-f", "-");
    }

    private static String deployment(String namespace) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: %s}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: registry.example.com/web:1.0.0}]}
                """.formatted(namespace);
    }
}
