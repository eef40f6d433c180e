package dev.palisade.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NetworkPolicy coverage judged against the live cluster: {@code palisade serve} lists and watches NetworkPolicies
 * and Namespaces through a kubeconfig that holds only the chart's RBAC, and a policy created through the API server
 * changes the next verdict without a restart.
 */
@ApiServerTest
class LiveCoverageThroughApiServerTest {
    private static final String SUITE = "coverage";
    private static final String OPEN = "e2e-coverage";
    private static final String ENFORCED = "e2e-coverage-enforced";
    private static final String NOT_ISOLATED = "netpol-workload-not-isolated";
    private static TestCluster cluster;
    private static KubernetesClient admin;
    private static WebhookProcess webhook;
    private static WebhookRegistration registration;

    @BeforeAll
    static void registerTheWebhook(TestCluster testCluster) {
        cluster = testCluster;
        admin = cluster.adminClient();
        cluster.createNamespace(OPEN, Map.of(WebhookRegistration.SUITE_LABEL, SUITE));
        cluster.createNamespace(ENFORCED, Map.of(WebhookRegistration.SUITE_LABEL, SUITE, "mode.palisade.dev/" + NOT_ISOLATED, "enforce"));
        webhook = WebhookProcess.prepare("serve-coverage", Path.of("target/e2e/coverage"), Path.of("src/test/resources/e2e/palisade.yaml"),
                cluster.kubeconfig(cluster.webhook())).startReady();
        registration = WebhookRegistration.register(admin, "palisade-e2e-coverage", SUITE, webhook.url(), webhook.caBundle(),
                "Fail", 10, WebhookRegistration.JUDGED_KINDS);
        Eventually.until("the API server calls the new webhook", Duration.ofSeconds(30),
                () -> serverDryRun(OPEN, "probe").err(), err -> err.contains("[" + NOT_ISOLATED + "]"));
    }

    @AfterAll
    static void unregister() {
        if (registration != null) {
            registration.close();
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    void theWebhookIdentityHoldsOnlyTheChartsRbac() {
        try (KubernetesClient identity = cluster.client(cluster.webhook())) {
            assertTrue(identity.network().v1().networkPolicies().inAnyNamespace().list().getItems() != null, "list networkpolicies");
            assertEquals(403, assertThrows(KubernetesClientException.class,
                    () -> identity.network().v1().networkPolicies().inNamespace(OPEN).withName("any").get()).getCode(), "no get");
            assertEquals(403, assertThrows(KubernetesClientException.class,
                    () -> identity.secrets().inNamespace(OPEN).list()).getCode(), "no secrets");
            assertTrue(identity.pods().inAnyNamespace().list().getItems() != null, "list pods (the cluster view's slim cache)");
            assertEquals(403, assertThrows(KubernetesClientException.class,
                    () -> identity.pods().inNamespace(OPEN).withName("any").get()).getCode(), "no get on pods");
            assertEquals(403, assertThrows(KubernetesClientException.class,
                    () -> identity.rbac().roles().inNamespace(OPEN).withName("any").get()).getCode(), "no get on roles");
        }
    }

    @Test
    void aDefaultDenyPolicyCreatedThroughTheApiServerClearsTheWarning() {
        CommandResult uncovered = serverDryRun(OPEN, "web");
        assertEquals(0, uncovered.exitCode(), uncovered.toString());
        assertTrue(uncovered.err().contains("Warning: [" + NOT_ISOLATED + "]"), uncovered.toString());

        admin.network().v1().networkPolicies().inNamespace(OPEN).resource(defaultDeny(OPEN)).create();
        CommandResult covered = Eventually.until("the webhook sees the new policy", Duration.ofSeconds(20),
                () -> serverDryRun(OPEN, "web"), result -> result.exitCode() == 0 && !result.err().contains(NOT_ISOLATED));
        assertFalse(covered.err().contains("Warning: [" + NOT_ISOLATED + "]"), covered.toString());
    }

    @Test
    void anEnforceLabelDeniesUntilAPolicyCoversTheWorkload() {
        CommandResult denied = serverDryRun(ENFORCED, "web");
        assertEquals(1, denied.exitCode(), denied.toString());
        assertTrue(denied.err().contains("[" + NOT_ISOLATED + "] spec.template.metadata.labels"), denied.toString());

        admin.network().v1().networkPolicies().inNamespace(ENFORCED).resource(defaultDeny(ENFORCED)).create();
        Eventually.until("the webhook admits once the policy is cached", Duration.ofSeconds(20),
                () -> serverDryRun(ENFORCED, "web"), result -> result.exitCode() == 0);
    }

    /**
     * The documented meaning of netpol-namespace-no-default-deny in the webhook (docs/webhook.md): it is judged on a
     * Namespace (created or relabelled), while a workload in such a namespace gets netpol-workload-not-isolated.
     */
    @Test
    void theNamespaceCheckSpeaksWhenANamespaceIsWrittenNotOnWorkloads() {
        String namespace = """
                apiVersion: v1
                kind: Namespace
                metadata: {name: e2e-coverage-new, labels: {%s: %s}}
                """.formatted(WebhookRegistration.SUITE_LABEL, SUITE);
        CommandResult created = cluster.kubectl(cluster.admin(), namespace, "apply", "--dry-run=server", "-f", "-");
        assertEquals(0, created.exitCode(), created.toString());
        assertTrue(created.err().contains("Warning: [netpol-namespace-no-default-deny] metadata.name"), created.toString());

        CommandResult workload = serverDryRun("e2e-coverage-bare", "web");
        assertTrue(workload.err().contains("Warning: [" + NOT_ISOLATED + "]"), workload.toString());
        assertFalse(workload.err().contains("netpol-namespace-no-default-deny"), workload.toString());
    }

    /** {@code kubectl apply --dry-run=server} of a plain Deployment: what a user types. */
    private static CommandResult serverDryRun(String namespace, String name) {
        if (admin.namespaces().withName(namespace).get() == null) {
            cluster.createNamespace(namespace, Map.of(WebhookRegistration.SUITE_LABEL, SUITE));
        }
        Deployment deployment = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("registry.example.com/web:1.0.0").endContainer().endSpec()
                .endTemplate().endSpec().build();
        return cluster.kubectl(cluster.admin(), Manifests.yaml(deployment), "apply", "--dry-run=server", "-f", "-");
    }

    private static NetworkPolicy defaultDeny(String namespace) {
        return new NetworkPolicyBuilder().withNewMetadata().withName("default-deny").withNamespace(namespace).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build();
    }
}
