package dev.palisade.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The webhook as the API server calls it: {@code palisade serve} (a real process, with only the chart's RBAC) behind
 * a ValidatingWebhookConfiguration in URL form with the caBundle from {@code palisade certs}, failurePolicy Fail and
 * sideEffects None. Every object goes through the real kube-apiserver, which calls the webhook over HTTPS; the
 * verdicts, warnings and stored state are read back from the API server and kubectl.
 */
@ApiServerTest
class WebhookThroughApiServerTest {
    private static final String SUITE = "admission";
    private static final String SHOP = "e2e-shop";
    private static final String OPS = "e2e-ops";
    private static TestCluster cluster;
    private static KubernetesClient admin;
    private static WebhookProcess webhook;
    private static WebhookRegistration registration;

    @BeforeAll
    static void registerTheWebhook(TestCluster testCluster) {
        cluster = testCluster;
        admin = cluster.adminClient();
        cluster.createNamespace(SHOP, Map.of(WebhookRegistration.SUITE_LABEL, SUITE));
        cluster.createNamespace(OPS, Map.of(WebhookRegistration.SUITE_LABEL, SUITE));
        // A default-deny policy, so that the hardened Deployment is clean on NetworkPolicy coverage too.
        admin.network().v1().networkPolicies().inNamespace(SHOP).resource(new NetworkPolicyBuilder().withNewMetadata()
                .withName("default-deny").withNamespace(SHOP).endMetadata().withNewSpec().withNewPodSelector().endPodSelector()
                .withPolicyTypes("Ingress").endSpec().build()).serverSideApply();
        webhook = WebhookProcess.prepare("serve-admission", Path.of("target/e2e/admission"), Path.of("src/test/resources/e2e/palisade.yaml"),
                cluster.kubeconfig(cluster.webhook())).startReady();
        registration = WebhookRegistration.register(admin, "palisade-e2e-admission", SUITE, webhook.url(), webhook.caBundle(),
                "Fail", 10, WebhookRegistration.JUDGED_KINDS);
        Eventually.until("the API server calls the new webhook", Duration.ofSeconds(30),
                () -> denial(() -> admin.pods().inNamespace(SHOP).resource(insecurePod("probe")).dryRun().create()),
                message -> message.contains("palisade denied"));
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
    void anInsecurePodIsDeniedWithTheCheckIdsAndNotStored() {
        KubernetesClientException denied = assertThrows(KubernetesClientException.class,
                () -> admin.pods().inNamespace(SHOP).resource(insecurePod("debug-shell")).create());
        assertEquals(403, denied.getCode(), denied.getMessage());
        String message = denied.getMessage();
        assertTrue(message.contains("admission webhook \"validate.palisade.dev\" denied the request"), message);
        assertTrue(message.contains("palisade denied Pod/" + SHOP + "/debug-shell"), message);
        for (String check : new String[] {"baseline-privileged", "baseline-host-namespaces", "baseline-host-path-volumes"}) {
            assertTrue(message.contains("[" + check + "]"), check + " missing from: " + message);
        }
        assertNull(admin.pods().inNamespace(SHOP).withName("debug-shell").get(), "a denied Pod is not stored");
    }

    @Test
    void anInsecureDeploymentIsDenied() {
        Deployment deployment = new DeploymentBuilder(hardened("privileged-web")).editSpec().editTemplate().editSpec()
                .editFirstContainer().editSecurityContext().withPrivileged(true).withAllowPrivilegeEscalation(true)
                .endSecurityContext().endContainer().endSpec().endTemplate().endSpec().build();
        String message = denial(() -> admin.apps().deployments().inNamespace(SHOP).resource(deployment).create());
        assertTrue(message.contains("palisade denied Deployment/" + SHOP + "/privileged-web"), message);
        assertTrue(message.contains("[baseline-privileged] spec.template.spec.containers[0].securityContext.privileged"), message);
        assertNull(admin.apps().deployments().inNamespace(SHOP).withName("privileged-web").get());
    }

    @Test
    void aHardenedDeploymentIsAdmittedWithoutAnyWarning() {
        CommandResult applied = cluster.kubectl(cluster.admin(), Manifests.yaml(hardened("storefront")), "apply", "-f", "-");
        assertEquals(0, applied.exitCode(), applied.toString());
        assertFalse(applied.err().contains("Warning"), applied.toString());
        assertNotNull(admin.apps().deployments().inNamespace(SHOP).withName("storefront").get());
    }

    @Test
    void warnModeFindingsReachKubectlAsWarnings() {
        // A floating tag and no probes: medium findings, below the default enforce threshold (high).
        Deployment deployment = new DeploymentBuilder(hardened("floating")).editSpec().editTemplate().editSpec()
                .editFirstContainer().withImage("registry.example.com/shop/storefront:latest").withLivenessProbe(null)
                .endContainer().endSpec().endTemplate().endSpec().build();
        CommandResult applied = cluster.kubectl(cluster.admin(), Manifests.yaml(deployment), "apply", "-f", "-");
        assertEquals(0, applied.exitCode(), applied.toString());
        assertTrue(applied.err().contains("Warning: [latest-tag]"), applied.toString());
        assertTrue(applied.err().contains("Warning: [liveness-probe]"), applied.toString());
        assertNotNull(admin.apps().deployments().inNamespace(SHOP).withName("floating").get(), "warnings do not deny");
    }

    @Test
    void theKedaOperatorClusterRoleIsDenied() {
        ClusterRole keda = Manifests.example("rbac-keda.yaml", ClusterRole.class, null).getFirst();
        String message = denial(() -> admin.rbac().clusterRoles().resource(keda).create());
        assertTrue(message.contains("palisade denied ClusterRole/keda-operator"), message);
        for (String check : new String[] {"rbac-secrets-read", "rbac-webhook-write", "rbac-apiservice-write"}) {
            assertTrue(message.contains("[" + check + "]"), check + " missing from: " + message);
        }
        assertNull(admin.rbac().clusterRoles().withName("keda-operator").get());
    }

    @Test
    void bindingClusterAdminToAGroupIsDenied() {
        ClusterRoleBinding binding = new ClusterRoleBindingBuilder().withNewMetadata().withName("developers-admin").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("cluster-admin").endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("developers").endSubject().build();
        String message = denial(() -> admin.rbac().clusterRoleBindings().resource(binding).create());
        assertTrue(message.contains("[rbac-binding-cluster-admin]"), message);
        assertNull(admin.rbac().clusterRoleBindings().withName("developers-admin").get());
    }

    @Test
    void aBenignClusterRoleAndAViewRoleBindingAreAdmitted() {
        ClusterRole reader = new ClusterRoleBuilder().withNewMetadata().withName("e2e-pod-reader").endMetadata()
                .addNewRule().withApiGroups("").withResources("pods").withVerbs("get", "list", "watch").endRule().build();
        assertNotNull(admin.rbac().clusterRoles().resource(reader).create().getMetadata().getUid());
        RoleBinding view = new RoleBindingBuilder().withNewMetadata().withName("alice-view").withNamespace(SHOP).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("view").endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName("alice").endSubject().build();
        assertNotNull(admin.rbac().roleBindings().inNamespace(SHOP).resource(view).create().getMetadata().getUid());
    }

    @Test
    void aDryRunIsJudgedAndStoresNothing() {
        double dryRunsBefore = webhook.metric("palisade_admission_requests_total", "kind=\"Pod\"");
        String message = denial(() -> admin.pods().inNamespace(SHOP).resource(insecurePod("dry-insecure")).dryRun().create());
        assertTrue(message.contains("[baseline-privileged]"), message);
        Pod admitted = admin.pods().inNamespace(SHOP).resource(hardenedPod("dry-hardened")).dryRun().create();
        assertNotNull(admitted.getMetadata().getUid(), "the API server answers a dry run with the object it would store");
        assertNull(admin.pods().inNamespace(SHOP).withName("dry-hardened").get(), "dryRun=All stores nothing");
        assertTrue(webhook.metric("palisade_admission_requests_total", "kind=\"Pod\"") >= dryRunsBefore + 2,
                "both dry runs reached the webhook");
    }

    @Test
    void anUpdateThatAddsHostNetworkIsDeniedAndAReplicasPatchIsAdmitted() {
        admin.apps().deployments().inNamespace(SHOP).resource(hardened("web-update")).create();
        Deployment scaled = admin.apps().deployments().inNamespace(SHOP).withName("web-update").edit(d -> new DeploymentBuilder(d)
                .editSpec().withReplicas(5).endSpec().build());
        assertEquals(5, scaled.getSpec().getReplicas());
        String message = denial(() -> admin.apps().deployments().inNamespace(SHOP).withName("web-update").edit(d -> new DeploymentBuilder(d)
                .editSpec().editTemplate().editSpec().withHostNetwork(true).endSpec().endTemplate().endSpec().build()));
        assertTrue(message.contains("[baseline-host-namespaces] spec.template.spec.hostNetwork"), message);
        Deployment stored = admin.apps().deployments().inNamespace(SHOP).withName("web-update").get();
        assertNull(stored.getSpec().getTemplate().getSpec().getHostNetwork(), "the denied update changed nothing");
        assertEquals(5, stored.getSpec().getReplicas());
    }

    @Test
    void exemptNamespacesUsersAndGroupsAreAdmitted() {
        double exemptBefore = webhook.metric("palisade_admission_requests_total", "outcome=\"exempt\"");
        assertNotNull(admin.pods().inNamespace(OPS).resource(insecurePod(OPS, "ops-shell")).create().getMetadata().getUid(),
                "e2e-ops is in admission.exemptions.namespaces");
        try (KubernetesClient deployer = cluster.impersonating("system:serviceaccount:ci:deployer", "system:masters");
             KubernetesClient platformAdmin = cluster.impersonating("carol", "platform-admins", "system:masters");
             KubernetesClient someoneElse = cluster.impersonating("dave", "system:masters")) {
            assertNotNull(deployer.pods().inNamespace(SHOP).resource(insecurePod("deployer-shell")).create().getMetadata().getUid(),
                    "an exempt user");
            assertNotNull(platformAdmin.pods().inNamespace(SHOP).resource(insecurePod("platform-shell")).create().getMetadata().getUid(),
                    "a member of an exempt group");
            String message = denial(() -> someoneElse.pods().inNamespace(SHOP).resource(insecurePod("dave-shell")).create());
            assertTrue(message.contains("palisade denied"), "the same Pod from a user who is not exempt: " + message);
        }
        assertTrue(webhook.metric("palisade_admission_requests_total", "outcome=\"exempt\"") >= exemptBefore + 3,
                "the three were judged exempt by the webhook, not skipped by the API server");
    }

    /** The message of the API server's refusal; fails when {@code write} succeeds. */
    static String denial(Executable write) {
        KubernetesClientException denied = assertThrows(KubernetesClientException.class, write);
        return denied.getMessage();
    }

    static Pod insecurePod(String name) {
        return insecurePod(SHOP, name);
    }

    /** examples/insecure-pod.yaml: privileged, host namespaces, the Docker socket mounted. */
    static Pod insecurePod(String namespace, String name) {
        Pod pod = Manifests.example("insecure-pod.yaml", Pod.class, namespace).getFirst();
        pod.getMetadata().setName(name);
        return pod;
    }

    static Pod hardenedPod(String name) {
        Deployment deployment = hardened(name);
        Pod pod = new Pod();
        pod.setMetadata(deployment.getSpec().getTemplate().getMetadata());
        pod.getMetadata().setName(name);
        pod.getMetadata().setNamespace(SHOP);
        pod.setSpec(deployment.getSpec().getTemplate().getSpec());
        pod.getSpec().setServiceAccountName(null);
        return pod;
    }

    /** examples/hardened-deployment.yaml, renamed and in the suite's namespace. */
    static Deployment hardened(String name) {
        return hardened(SHOP, name);
    }

    static Deployment hardened(String namespace, String name) {
        Deployment deployment = Manifests.example("hardened-deployment.yaml", Deployment.class, namespace).getFirst();
        deployment.getMetadata().setName(name);
        return deployment;
    }
}
