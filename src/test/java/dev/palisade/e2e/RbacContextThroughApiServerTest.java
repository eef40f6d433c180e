package dev.palisade.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RBAC judged with the cluster's context through the real API server: {@code palisade serve} caches roles and bindings
 * (list/watch only, the chart's RBAC), so a binding is judged with the role it names and a role with the bindings that
 * exist for it. Objects the test needs in place are written by a member of the exempt group {@code platform-admins}.
 */
@ApiServerTest
class RbacContextThroughApiServerTest {
    private static final String SUITE = "rbac-context";
    private static final String NAMESPACE = "e2e-rbac-context";
    private static TestCluster cluster;
    private static KubernetesClient admin;
    private static WebhookProcess webhook;
    private static WebhookRegistration registration;

    @BeforeAll
    static void registerTheWebhook(TestCluster testCluster) {
        cluster = testCluster;
        admin = cluster.adminClient();
        cluster.createNamespace(NAMESPACE, Map.of(WebhookRegistration.SUITE_LABEL, SUITE));
        webhook = WebhookProcess.prepare("serve-rbac-context", Path.of("target/e2e/rbac-context"),
                Path.of("src/test/resources/e2e/palisade.yaml"), cluster.kubeconfig(cluster.webhook())).startReady();
        registration = WebhookRegistration.register(admin, "palisade-e2e-rbac-context", SUITE, webhook.url(), webhook.caBundle(),
                "Fail", 10, WebhookRegistration.RBAC);
        Eventually.until("the API server calls the new webhook", Duration.ofSeconds(30),
                () -> apply(ROLE.formatted("e2e-probe", "[\"*\"]", "[\"*\"]", "[\"*\"]")),
                result -> result.err().contains("rbac-wildcard-all"));
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

    private static final String ROLE = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: %s, namespace: e2e-rbac-context}
            rules: [{apiGroups: %s, resources: %s, verbs: %s}]
            """;
    private static final String CLUSTER_ROLE = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: %s}
            rules: [{apiGroups: [""], resources: [%s], verbs: [%s]}]
            """;

    @Test
    void aRoleBindingToARoleWithAWildcardRuleIsDenied() {
        try (KubernetesClient platformAdmin = cluster.impersonating("carol", "platform-admins", "system:masters")) {
            platformAdmin.load(stream(ROLE.formatted("everything", "[\"*\"]", "[\"*\"]", "[\"*\"]"))).serverSideApply();
            platformAdmin.load(stream(ROLE.formatted("pod-reader", "[\"\"]", "[pods]", "[get, list]"))).serverSideApply();
        }
        CommandResult readers = apply(binding("RoleBinding", "ci-pod-reader", "Role", "pod-reader"));
        assertEquals(0, readers.exitCode(), "a binding to a harmless role is admitted: " + readers);

        CommandResult denied = Eventually.until("the webhook has the Role in its cache", Duration.ofSeconds(20),
                () -> apply(binding("RoleBinding", "ci-everything", "Role", "everything")), result -> result.exitCode() != 0);
        assertTrue(denied.err().contains("[rbac-binding-cluster-admin] roleRef"), denied.toString());
        assertTrue(denied.err().contains("grants Role everything, whose Role everything rule 0 grants every verb"), denied.toString());
        assertTrue(admin.rbac().roleBindings().inNamespace(NAMESPACE).withName("ci-everything").get() == null, "not stored");
        assertTrue(webhook.metric("palisade_cluster_cache_objects", "kind=\"Role\"") >= 2, "the Role cache is counted");
        assertEquals(1.0, webhook.metric("palisade_cluster_cache_synced", "kind=\"RoleBinding\""));
    }

    /** The same ClusterRole edit: denied (high) when bound by a ClusterRoleBinding, warned (medium) when bound in one namespace. */
    @Test
    void theSameClusterRoleEditIsHighBoundClusterWideAndLowerBoundInOneNamespace() {
        for (String name : new String[] {"e2e-debug-narrow", "e2e-debug-wide"}) {
            assertEquals(0, apply(CLUSTER_ROLE.formatted(name, "pods", "get")).exitCode(), "a harmless ClusterRole " + name);
        }
        assertEquals(0, apply(binding("RoleBinding", "debuggers", "ClusterRole", "e2e-debug-narrow")).exitCode());
        assertEquals(0, apply(binding("ClusterRoleBinding", "e2e-debuggers", "ClusterRole", "e2e-debug-wide")).exitCode());

        CommandResult narrow = Eventually.until("the webhook has the RoleBinding in its cache", Duration.ofSeconds(20),
                () -> apply(CLUSTER_ROLE.formatted("e2e-debug-narrow", "pods/exec", "create"), "--dry-run=server"),
                result -> result.exitCode() == 0);
        assertTrue(narrow.err().contains("Warning: [rbac-pods-exec] rules[0]: rule 0 grants create on pods/exec; bound in namespace "
                + NAMESPACE), narrow.toString());

        CommandResult wide = Eventually.until("the webhook has the ClusterRoleBinding in its cache", Duration.ofSeconds(20),
                () -> apply(CLUSTER_ROLE.formatted("e2e-debug-wide", "pods/exec", "create"), "--dry-run=server"),
                result -> result.err().contains("bound cluster-wide"));
        assertEquals(1, wide.exitCode(), wide.toString());
        assertTrue(wide.err().contains("denied the request") && wide.err().contains("[rbac-pods-exec]"), wide.toString());
        assertFalse(wide.err().contains("bound in namespace"), wide.toString());
    }

    private static String binding(String kind, String name, String roleKind, String role) {
        return """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: %s
                metadata: {name: %s%s}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: %s, name: %s}
                subjects: [{kind: User, name: bob}]
                """.formatted(kind, name, kind.equals("RoleBinding") ? ", namespace: " + NAMESPACE : "", roleKind, role);
    }

    private static CommandResult apply(String yaml, String... more) {
        String[] arguments = new String[3 + more.length];
        arguments[0] = "apply";
        arguments[1] = "-f";
        arguments[2] = "-";
        System.arraycopy(more, 0, arguments, 3, more.length);
        return cluster.kubectl(cluster.admin(), yaml, arguments);
    }

    private static java.io.InputStream stream(String yaml) {
        return new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
