package dev.palisade.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy ({@code policy.networking.k8s.io/v1alpha1}) through the real API
 * server. {@code palisade serve} starts on a cluster that does not serve that group and gets ready; the CRDs are then
 * installed (minimal ones with the upstream group, version, kinds and scope) and the running webhook discovers them
 * and caches both kinds. From then on an admin Deny changes what a NetworkPolicy is said to open, the webhook answers
 * ANP and BANP writes with their own impact, and a workload selected only by an ANP is still "not isolated", as lint
 * says. The steps build on each other, so they run in order. The CRDs are deleted at the end.
 */
@ApiServerTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminNetworkPolicyThroughApiServerTest {
    private static final String SUITE = "anp";
    private static final String PAY = "e2e-anp-pay";
    private static final String TEAM_B = "e2e-anp-team-b";
    private static final String TEAM_C = "e2e-anp-team-c";
    /** Selected by the ANP only: no NetworkPolicy there. */
    private static final String ADMIN_ONLY = "e2e-anp-admin-only";
    private static final String SUBJECT_LABEL = "e2e.palisade.dev/anp-subject";
    private static final String GROUP_VERSION = "policy.networking.k8s.io/v1alpha1";
    private static final Path CRDS = Path.of("src/test/resources/e2e/admin-network-policy-crds.yaml");
    private static TestCluster cluster;
    private static KubernetesClient admin;
    private static WebhookProcess webhook;
    private static WebhookRegistration registration;

    @BeforeAll
    static void start(TestCluster testCluster) {
        cluster = testCluster;
        admin = cluster.adminClient();
        assertNull(served(), "the test cluster must start without " + GROUP_VERSION + " (this class installs it)");
        cluster.createNamespace(PAY, Map.of(WebhookRegistration.SUITE_LABEL, SUITE, SUBJECT_LABEL, "true"));
        cluster.createNamespace(ADMIN_ONLY, Map.of(WebhookRegistration.SUITE_LABEL, SUITE, SUBJECT_LABEL, "true"));
        cluster.createNamespace(TEAM_B, Map.of(WebhookRegistration.SUITE_LABEL, SUITE));
        cluster.createNamespace(TEAM_C, Map.of(WebhookRegistration.SUITE_LABEL, SUITE));
        pod(PAY, "db", "db", 5432);
        pod(TEAM_B, "web", "web", 8080);
        pod(TEAM_C, "api", "api", 8080);
        assertEquals(0, kubectl(defaultDeny(), "apply", "-f", "-").exitCode());
        webhook = WebhookProcess.prepare("serve-anp", Path.of("target/e2e/anp"), Path.of("src/test/resources/e2e/palisade.yaml"),
                cluster.kubeconfig(cluster.webhook())).startReady();
        List<RuleWithOperations> rules = new ArrayList<>(WebhookRegistration.NETWORK_POLICIES);
        rules.addAll(WebhookRegistration.ADMIN_NETWORK_POLICIES);
        rules.addAll(WebhookRegistration.WORKLOADS);
        registration = WebhookRegistration.register(admin, "palisade-e2e-anp", SUITE, webhook.url(), webhook.caBundle(), "Fail", 10, rules);
    }

    @AfterAll
    static void stop() {
        if (registration != null) {
            registration.close();
        }
        if (webhook != null) {
            webhook.close();
        }
        // Deleting the CRDs deletes their objects too; the next classes see a cluster without the group again.
        for (HasMetadata crd : crds()) {
            admin.resource(crd).delete();
        }
    }

    @Test
    @Order(1)
    void withoutTheCrdsTheWebhookIsReadyAndNetworkPolicyImpactIsAsBefore() throws Exception {
        assertEquals(200, webhook.readiness().statusCode(), "ready without " + GROUP_VERSION);
        String metrics = webhook.get("/actuator/prometheus").body();
        assertEquals(1.0, webhook.metric("palisade_cluster_cache_synced", "kind=\"NetworkPolicy\""), "the usual caches are there");
        assertTrue(metrics.contains("palisade_cluster_cache_synced{"), metrics);
        assertFalse(metrics.contains("AdminNetworkPolicy"), "no cache for a group that is not served");
        CommandResult open = Eventually.until("the webhook sees the pods and the default deny", Duration.ofSeconds(30),
                () -> kubectl(openDb(), "apply", "--dry-run=server", "-f", "-"),
                r -> r.err().contains("newly allows 2 and newly denies 0"));
        assertTrue(open.err().contains("Warning: palisade: allows " + TEAM_B + "/web -> " + PAY + "/db:5432/TCP (was denied)"), open.toString());
        assertTrue(open.err().contains("Warning: palisade: allows " + TEAM_C + "/api -> " + PAY + "/db:5432/TCP (was denied)"), open.toString());
    }

    @Test
    @Order(2)
    void crdsInstalledLaterAreDiscoveredAndCachedByTheRunningWebhook() {
        for (HasMetadata crd : crds()) {
            admin.resource(crd).forceConflicts().serverSideApply();
        }
        Eventually.until(GROUP_VERSION + " served", Duration.ofSeconds(30), AdminNetworkPolicyThroughApiServerTest::served, r -> r != null);
        // Discovery asks once a minute for a group it has not found yet.
        for (String kind : List.of("AdminNetworkPolicy", "BaselineAdminNetworkPolicy")) {
            Eventually.until("the webhook caches " + kind, Duration.ofSeconds(100),
                    () -> webhook.metric("palisade_cluster_cache_synced", "kind=\"" + kind + "\""), synced -> synced == 1.0);
            assertEquals(0.0, webhook.metric("palisade_cluster_cache_objects", "kind=\"" + kind + "\""));
        }
        assertEquals(200, webhook.readiness().statusCode());
    }

    @Test
    @Order(3)
    void anAdminDenyChangesWhatANetworkPolicyIsSaidToOpen() {
        CommandResult created = kubectl(denyTeamB(), "apply", "-f", "-");
        assertEquals(0, created.exitCode(), created.toString());
        Eventually.until("the webhook caches the ANP", Duration.ofSeconds(30),
                () -> webhook.metric("palisade_cluster_cache_objects", "kind=\"AdminNetworkPolicy\""), n -> n == 1.0);
        CommandResult open = kubectl(openDb(), "apply", "--dry-run=server", "-f", "-");
        assertEquals(0, open.exitCode(), open.toString());
        assertTrue(open.err().contains("Warning: palisade: creating NetworkPolicy " + PAY + "/open-db newly allows 1 and newly denies 0"),
                open.toString());
        assertTrue(open.err().contains("Warning: palisade: allows " + TEAM_C + "/api -> " + PAY + "/db:5432/TCP (was denied)"), open.toString());
        assertFalse(open.err().contains(TEAM_B + "/"), "the admin Deny decides before any NetworkPolicy: " + open);
    }

    @Test
    @Order(4)
    void writesOfAdminPoliciesAreAnsweredWithTheirImpact() {
        assertEquals(0, kubectl(openDb(), "apply", "-f", "-").exitCode());
        CommandResult deleted = Eventually.until("the webhook has open-db", Duration.ofSeconds(30),
                () -> kubectl(null, "delete", "adminnetworkpolicy", "e2e-anp-deny-team-b", "--dry-run=server"),
                r -> r.err().contains("Warning: palisade: allows " + TEAM_B + "/web -> " + PAY + "/db:5432/TCP (was denied)"));
        assertEquals(0, deleted.exitCode(), deleted.toString());
        assertTrue(deleted.err().contains("Warning: palisade: deleting AdminNetworkPolicy e2e-anp-deny-team-b newly allows 1"), deleted.toString());

        CommandResult baseline = kubectl(baselineDenyTeamBIntoTeamC(), "apply", "--dry-run=server", "-f", "-");
        assertEquals(0, baseline.exitCode(), baseline.toString());
        assertTrue(baseline.err().contains("Warning: palisade: creating BaselineAdminNetworkPolicy default newly allows 0 and newly denies 1"
                + " pod connections on 8080/TCP"), baseline.toString());
        assertTrue(baseline.err().contains("Warning: palisade: denies " + TEAM_B + "/web -> " + TEAM_C + "/api:8080/TCP (was allowed)"),
                baseline.toString());
        assertTrue(admin.genericKubernetesResources(GROUP_VERSION, "BaselineAdminNetworkPolicy").list().getItems().isEmpty(),
                "a dry run creates nothing");
    }

    /** Admin policies pass what they leave undecided, so in lint they never isolate a pod; the webhook answers the same. */
    @Test
    @Order(5)
    void aWorkloadSelectedOnlyByAnAdminPolicyIsStillNotIsolated() {
        CommandResult adminOnly = kubectl(deployment(ADMIN_ONLY), "apply", "--dry-run=server", "-f", "-");
        assertEquals(0, adminOnly.exitCode(), adminOnly.toString());
        assertTrue(adminOnly.err().contains("Warning: [netpol-workload-not-isolated]"), adminOnly.toString());
        CommandResult isolated = kubectl(deployment(PAY), "apply", "--dry-run=server", "-f", "-");
        assertEquals(0, isolated.exitCode(), isolated.toString());
        assertFalse(isolated.err().contains("netpol-workload-not-isolated"), "the NetworkPolicy default deny isolates it: " + isolated);
    }

    /** The APIResourceList of the group, or null while it is not served. */
    private static Object served() {
        try {
            return admin.getApiResources(GROUP_VERSION);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private static List<HasMetadata> crds() {
        try (InputStream in = Files.newInputStream(CRDS)) {
            return admin.load(in).items();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + CRDS + ": " + e.getMessage(), e);
        }
    }

    private static void pod(String namespace, String name, String app, int port) {
        admin.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app", app).endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("registry.example.com/" + app + ":1.0.0").addNewPort().withContainerPort(port).endPort().endContainer()
                .endSpec().build()).serverSideApply();
    }

    private static String defaultDeny() {
        return """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: default-deny, namespace: %s}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """.formatted(PAY);
    }

    /** Opens the database to this suite's namespaces (not to every namespace: other classes' pods share the cluster). */
    private static String openDb() {
        return """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: open-db, namespace: %s}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  ingress: [{from: [{namespaceSelector: {matchLabels: {%s: %s}}}], ports: [{port: 5432}]}]
                """.formatted(PAY, WebhookRegistration.SUITE_LABEL, SUITE);
    }

    private static String denyTeamB() {
        return """
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: AdminNetworkPolicy
                metadata: {name: e2e-anp-deny-team-b}
                spec:
                  priority: 10
                  subject: {namespaces: {matchLabels: {%s: "true"}}}
                  ingress: [{name: no-team-b, action: Deny, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: %s}}}]}]
                """.formatted(SUBJECT_LABEL, TEAM_B);
    }

    private static String baselineDenyTeamBIntoTeamC() {
        return """
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: BaselineAdminNetworkPolicy
                metadata: {name: default}
                spec:
                  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: %s}}}
                  ingress: [{name: no-team-b, action: Deny, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: %s}}}]}]
                """.formatted(TEAM_C, TEAM_B);
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

    private static CommandResult kubectl(String stdin, String... arguments) {
        return cluster.kubectl(cluster.admin(), stdin, arguments);
    }
}
