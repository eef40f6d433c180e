package dev.palisade.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.tls.CertificateFiles;
import dev.palisade.tls.CertificateIssuer;
import dev.palisade.tls.CertificateSet;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The webhook behind a real kube-apiserver (k3s in a container): the ValidatingWebhookConfiguration is installed and
 * objects are created through the API server, which calls the webhook over HTTPS and verifies it with the caBundle.
 *
 * <p>How the container reaches the webhook on the host: Testcontainers' {@code exposeHostPorts} forwards a host port
 * into containers started afterwards, reachable as {@code host.testcontainers.internal}; the webhook is registered
 * with {@code clientConfig.url: https://host.testcontainers.internal:PORT/validate} and its certificate carries that
 * DNS name. So the port is chosen and exposed before k3s starts, and the webhook (which needs k3s for its informers)
 * starts after. Needs a Docker engine; skipped with the reason where there is none.
 */
class K3sAdmissionTest {
    private static final DockerImageName K3S = DockerImageName.parse("rancher/k3s:v1.33.5-k3s1");

    @TempDir
    Path certificates;

    @Test
    void theApiServerDeniesThroughTheWebhook() throws Exception {
        Assumptions.assumeTrue(dockerAvailable(), "no Docker engine here (DockerClientFactory found none): the k3s test "
                + "needs one to run rancher/k3s; the HTTPS and mock-server tests still cover the webhook");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Testcontainers.exposeHostPorts(port);
        CertificateSet set = new CertificateIssuer().issue("palisade-webhook", List.of("host.testcontainers.internal", "localhost"),
                List.of(), Duration.ofDays(1));
        new CertificateFiles(certificates).write(set);
        Path configFile = Path.of("src/test/resources/admission/webhook-test.palisade.yaml");
        PalisadeConfig config = PalisadeConfig.parse(configFile.toString(), Files.readString(configFile));

        try (K3sContainer k3s = new K3sContainer(K3S)) {
            k3s.start();
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
                 WebhookServer.Running server = WebhookServer.start(new WebhookOptions("0.0.0.0", port, certificates, config,
                         false, "palisade", Duration.ofSeconds(5), client, null), "text")) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
                ValidatingWebhookConfiguration configuration = webhookConfiguration(port, set);
                client.admissionRegistration().v1().validatingWebhookConfigurations().resource(configuration).create();
                try {
                    KubernetesClientException denied = awaitDenial(client);
                    assertEquals(403, denied.getCode(), denied.getMessage());
                    assertTrue(denied.getMessage().contains("palisade denied Pod/shop/bad"), denied.getMessage());
                    assertTrue(denied.getMessage().contains("[critical-floating-tag] spec.containers[0].image"), denied.getMessage());

                    Pod good = client.pods().inNamespace("shop").resource(pod("good", "registry.example/web:1.0.0")).create();
                    assertNotNull(good.getMetadata().getUid());

                    KubernetesClientException dryRun = assertThrows(KubernetesClientException.class,
                            () -> client.pods().inNamespace("shop").resource(pod("dry", "web:latest")).dryRun().create());
                    assertTrue(dryRun.getMessage().contains("palisade denied"), dryRun.getMessage());

                    assertNotNull(client.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata()
                            .withName("palisade-test-reader").endMetadata().addNewRule().withApiGroups("")
                            .withResources("pods").withVerbs("get").endRule().build()).create());

                    // kube-system is excluded by the namespaceSelector: the control plane never waits on the webhook.
                    assertNotNull(client.pods().inNamespace("kube-system").resource(pod("system", "web:latest")).dryRun().create());
                } finally {
                    client.admissionRegistration().v1().validatingWebhookConfigurations().resource(configuration).delete();
                }
            }
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Registration reaches the API server's webhook cache within seconds; ask a bounded number of times. */
    private static KubernetesClientException awaitDenial(KubernetesClient client) throws InterruptedException {
        for (int attempt = 0; attempt < 60; attempt++) {
            try {
                client.pods().inNamespace("shop").resource(pod("bad", "web:latest")).dryRun().create();
            } catch (KubernetesClientException e) {
                if (e.getMessage().contains("palisade")) {
                    return assertThrows(KubernetesClientException.class,
                            () -> client.pods().inNamespace("shop").resource(pod("bad", "web:latest")).create());
                }
                throw e;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the API server never called the webhook");
    }

    private static Pod pod(String name, String image) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec().build();
    }

    private static ValidatingWebhookConfiguration webhookConfiguration(int port, CertificateSet set) throws Exception {
        String caBundle = CertificateFiles.caBundle(set.ca());
        assertEquals(set.ca(), java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
                new java.io.ByteArrayInputStream(Base64.getDecoder().decode(caBundle.getBytes(StandardCharsets.US_ASCII)))));
        return new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata().withName("palisade-k3s-test").endMetadata()
                .addNewWebhook()
                .withName("validate.palisade.dev")
                .withAdmissionReviewVersions("v1")
                .withSideEffects("None")
                .withTimeoutSeconds(10)
                .withFailurePolicy("Fail")
                .withMatchPolicy("Equivalent")
                .withNewClientConfig().withUrl("https://host.testcontainers.internal:" + port + "/validate").withCaBundle(caBundle).endClientConfig()
                .withNewNamespaceSelector().addNewMatchExpression().withKey("kubernetes.io/metadata.name").withOperator("NotIn")
                .withValues("kube-system", "palisade").endMatchExpression().endNamespaceSelector()
                .addNewRule().withApiGroups("").withApiVersions("v1").withOperations("CREATE", "UPDATE").withResources("pods").withScope("*").endRule()
                .addNewRule().withApiGroups("apps").withApiVersions("v1").withOperations("CREATE", "UPDATE")
                .withResources("deployments", "statefulsets", "daemonsets", "replicasets").withScope("Namespaced").endRule()
                .addNewRule().withApiGroups("rbac.authorization.k8s.io").withApiVersions("v1").withOperations("CREATE", "UPDATE")
                .withResources("clusterroles", "roles", "clusterrolebindings", "rolebindings").withScope("*").endRule()
                .endWebhook()
                .build();
    }
}
