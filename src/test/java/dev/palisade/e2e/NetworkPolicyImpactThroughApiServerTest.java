package dev.palisade.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NetworkPolicy change impact through the real API server: {@code palisade serve} caches Pods and policies, and answers a
 * policy create, update or delete with what it newly allows and denies. A second webhook, configured with
 * {@code networkPolicyImpact.denyOpenToEveryone}, guards its own namespace.
 */
@ApiServerTest
class NetworkPolicyImpactThroughApiServerTest {
    private static final String PAYMENTS = "e2e-impact-pay";
    private static final String TEAM = "e2e-impact-team";
    private static final String SOLO = "e2e-impact-solo";
    private static final String STRICT = "e2e-impact-strict";
    private static TestCluster cluster;
    private static KubernetesClient admin;
    private static WebhookProcess warning;
    private static WebhookProcess strict;
    private static WebhookRegistration warningRegistration;
    private static WebhookRegistration strictRegistration;

    @BeforeAll
    static void start(TestCluster testCluster) {
        cluster = testCluster;
        admin = cluster.adminClient();
        for (String namespace : new String[] {PAYMENTS, TEAM, SOLO}) {
            cluster.createNamespace(namespace, Map.of(WebhookRegistration.SUITE_LABEL, "impact"));
        }
        cluster.createNamespace(STRICT, Map.of(WebhookRegistration.SUITE_LABEL, "impact-strict"));
        pod(PAYMENTS, "db", "db", 5432);
        pod(STRICT, "db", "db", 5432);
        pod(TEAM, "web-1", "web", 8080);
        pod(TEAM, "web-2", "web", 8080);
        pod(SOLO, "api", "api", 8080);
        warning = WebhookProcess.prepare("serve-impact", Path.of("target/e2e/impact"), Path.of("src/test/resources/e2e/palisade.yaml"),
                cluster.kubeconfig(cluster.webhook())).start();
        strict = WebhookProcess.prepare("serve-impact-strict", Path.of("target/e2e/impact-strict"),
                Path.of("src/test/resources/e2e/palisade-impact-strict.yaml"), cluster.kubeconfig(cluster.webhook())).start();
        warning.awaitReady(Duration.ofSeconds(120));
        strict.awaitReady(Duration.ofSeconds(120));
        warningRegistration = WebhookRegistration.register(admin, "palisade-e2e-impact", "impact", warning.url(), warning.caBundle(),
                "Fail", 10, WebhookRegistration.NETWORK_POLICIES);
        strictRegistration = WebhookRegistration.register(admin, "palisade-e2e-impact-strict", "impact-strict", strict.url(),
                strict.caBundle(), "Fail", 10, WebhookRegistration.NETWORK_POLICIES);
        assertEquals(0, kubectl(defaultDeny(PAYMENTS), "apply", "-f", "-").exitCode());
        assertEquals(0, kubectl(defaultDeny(STRICT), "apply", "-f", "-").exitCode());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {warningRegistration, strictRegistration, warning, strict}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aPolicyOpeningTheDatabaseToEveryNamespaceNamesTheNewlyAllowedPairs() {
        CommandResult result = Eventually.until("the webhook sees the pods and the default-deny policy", Duration.ofSeconds(30),
                () -> kubectl(openDb(PAYMENTS), "apply", "--dry-run=server", "-f", "-"),
                r -> r.err().contains("Warning: palisade: allows " + TEAM + "/* -> " + PAYMENTS + "/db:5432/TCP (was denied)"));
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.err().contains("Warning: palisade: creating NetworkPolicy " + PAYMENTS + "/open-db newly allows"), result.toString());
    }

    @Test
    void anUnchangedUpdateSaysNothing() {
        String kept = openDb(TEAM).replace("open-db", "web-kept").replace("app: db", "app: web");
        assertEquals(0, kubectl(kept, "apply", "-f", "-").exitCode());
        CommandResult replaced = Eventually.until("the webhook has the policy", Duration.ofSeconds(30),
                () -> kubectl(kept, "replace", "--dry-run=server", "-f", "-"),
                r -> r.exitCode() == 0 && !r.err().contains("palisade: creating"));
        assertFalse(replaced.err().contains("Warning: palisade:"), replaced.toString());
        assertTrue(replaced.out().contains("replaced"), replaced.toString());
    }

    @Test
    void deletingTheOnlyPolicyThatSelectsAWorkloadWarnsThatItIsOpen() {
        assertEquals(0, kubectl(defaultDeny(SOLO).replace("default-deny", "only"), "apply", "-f", "-").exitCode());
        CommandResult deleted = Eventually.until("the webhook has the policy", Duration.ofSeconds(30),
                () -> kubectl(null, "delete", "networkpolicy", "only", "-n", SOLO, "--dry-run=server"),
                r -> r.err().contains("leaves " + SOLO + "/api selected by no ingress policy"));
        assertEquals(0, deleted.exitCode(), deleted.toString());
        assertTrue(admin.network().v1().networkPolicies().inNamespace(SOLO).withName("only").get() != null, "a dry run deletes nothing");
    }

    @Test
    void theEnforceRuleDeniesAPolicyThatOpensAWorkloadToEveryNamespace() {
        CommandResult denied = Eventually.until("the strict webhook sees the pods", Duration.ofSeconds(30),
                () -> kubectl(openDb(STRICT), "apply", "--dry-run=server", "-f", "-"), r -> r.exitCode() != 0);
        assertTrue(denied.err().contains("[networkPolicyImpact] opens pods it selects to every namespace (spec.ingress[0])"), denied.toString());
        String toTeam = openDb(STRICT).replace("namespaceSelector: {}", "namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: " + TEAM + "}}");
        assertEquals(0, kubectl(toTeam, "apply", "--dry-run=server", "-f", "-").exitCode(), "naming the namespace is admitted");
    }

    private static void pod(String namespace, String name, String app, int port) {
        admin.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app", app).endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("registry.example.com/" + app + ":1.0.0").addNewPort().withContainerPort(port).endPort().endContainer()
                .endSpec().build()).serverSideApply();
    }

    private static String defaultDeny(String namespace) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: default-deny, namespace: %s}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """.formatted(namespace);
    }

    private static String openDb(String namespace) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: open-db, namespace: %s}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 5432}]}]
                """.formatted(namespace);
    }

    private static CommandResult kubectl(String stdin, String... arguments) {
        return cluster.kubectl(cluster.admin(), stdin, arguments);
    }
}
