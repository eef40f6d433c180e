package dev.palisade.e2e;

import static dev.palisade.e2e.WebhookThroughApiServerTest.denial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.tls.CertificateFiles;
import dev.palisade.testing.TrustOnly;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens around the webhook when things go wrong, with the real API server: the webhook down under both
 * failure policies; started before the API server or before its RBAC grant, it becomes ready by itself; the API
 * server restarted under it; its certificates rotated while the API server keeps calling; a webhook slower than
 * timeoutSeconds.
 */
@ApiServerTest
class WebhookFaultsTest {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookFaultsTest.class);
    private static final String SUITE = "faults";
    private static final String NAMESPACE = "e2e-faults";
    private static final Path CONFIG = Path.of("src/test/resources/e2e/palisade.yaml");
    private static final Duration RECOVERY = Duration.ofSeconds(90);
    private static TestCluster cluster;
    private static KubernetesClient admin;

    @BeforeAll
    static void namespace(TestCluster testCluster) {
        cluster = testCluster;
        admin = cluster.adminClient();
        cluster.createNamespace(NAMESPACE, Map.of(WebhookRegistration.SUITE_LABEL, SUITE));
    }

    @Test
    void withTheWebhookDownFailRejectsAndIgnoreAdmits() {
        try (WebhookProcess webhook = serve("serve-down", cluster.webhook()).startReady();
             WebhookRegistration registration = register("palisade-e2e-down", webhook.url(), webhook.caBundle(), "Fail", 5)) {
            awaitJudged();
            webhook.kill();
            String refused = denial(() -> admin.pods().inNamespace(NAMESPACE).resource(hardenedPod("while-down")).dryRun().create());
            assertTrue(refused.contains("failed calling webhook \"validate.palisade.dev\""), refused);
            assertTrue(refused.toLowerCase().contains("connection refused"), refused);

            registration.failurePolicy("Ignore");
            Pod admitted = Eventually.until("Ignore lets requests through while the webhook is down", Duration.ofSeconds(30),
                    () -> admin.pods().inNamespace(NAMESPACE).resource(insecurePod("ignored")).dryRun().create(), pod -> pod != null);
            assertNotNull(admitted.getMetadata().getUid(), "even an insecure Pod: nobody judged it");

            webhook.startReady();
            registration.failurePolicy("Fail");
            awaitJudged();
        }
    }

    @Test
    void startedBeforeTheApiServerItBecomesReadyByItself() {
        try (WebhookProcess webhook = serve("serve-early", cluster.webhook())) {
            cluster.stopApiServer();
            try {
                webhook.start();
                HttpResponse<String> waiting = webhook.await("/actuator/health/readiness",
                        answer -> answer.statusCode() == 503 && answer.body().contains("cannot reach the API server"), RECOVERY);
                assertTrue(waiting.body().contains("retrying with backoff"), waiting.body());
                assertEquals(200, get(webhook, "/actuator/health/liveness"), "alive while not ready: no restart would help");
            } finally {
                cluster.startApiServer();
            }
            long apiServerUp = System.nanoTime();
            webhook.awaitReady(RECOVERY);
            LOG.info("serve became ready {} ms after the API server did", (System.nanoTime() - apiServerUp) / 1_000_000);
            try (WebhookRegistration registration = register("palisade-e2e-early", webhook.url(), webhook.caBundle(), "Fail", 5)) {
                awaitJudged();
            }
        }
    }

    @Test
    void startedBeforeItsRbacGrantItBecomesReadyByItself() {
        try (WebhookProcess webhook = serve("serve-ungranted", cluster.ungrantedWebhook()).start()) {
            HttpResponse<String> forbidden = webhook.await("/actuator/health/readiness",
                    answer -> answer.statusCode() == 503 && answer.body().contains("forbidden"), RECOVERY);
            assertTrue(forbidden.body().contains("grant list and watch"), forbidden.body());
            TestCluster.sleep(3000);
            assertEquals(503, webhook.readiness().statusCode(), "still waiting: nothing has changed yet");

            ChartRbac.grant(admin, TestCluster.UNGRANTED_RELEASE, TestCluster.UNGRANTED_RELEASE);
            long granted = System.nanoTime();
            webhook.awaitReady(RECOVERY);
            LOG.info("serve became ready {} ms after its RBAC grant", (System.nanoTime() - granted) / 1_000_000);
        }
    }

    @Test
    void anApiServerRestartUnderServeKeepsItReadyAndNewPoliciesAreSeen() {
        String namespace = "e2e-faults-restart";
        cluster.createNamespace(namespace, Map.of(WebhookRegistration.SUITE_LABEL, SUITE));
        try (WebhookProcess webhook = serve("serve-restart", cluster.webhook()).startReady();
             WebhookRegistration registration = register("palisade-e2e-restart", webhook.url(), webhook.caBundle(), "Fail", 5)) {
            awaitJudged();
            assertTrue(notIsolatedWarning(namespace), "no policy in the namespace yet");
            cluster.stopApiServer();
            try {
                for (int i = 0; i < 5; i++) {
                    assertEquals(200, webhook.readiness().statusCode(), "the last listed state still serves: ready");
                    TestCluster.sleep(400);
                }
            } finally {
                cluster.startApiServer();
            }
            admin.network().v1().networkPolicies().inNamespace(namespace).resource(new NetworkPolicyBuilder().withNewMetadata()
                    .withName("default-deny").withNamespace(namespace).endMetadata().withNewSpec().withNewPodSelector().endPodSelector()
                    .withPolicyTypes("Ingress").endSpec().build()).create();
            Eventually.until("the webhook sees a policy created after the restart", RECOVERY, () -> notIsolatedWarning(namespace), warned -> !warned);
            assertEquals(200, webhook.readiness().statusCode());
        }
    }

    @Test
    void certificatesRotatedWhileTheApiServerKeepsCallingFailNoAdmission() throws Exception {
        try (WebhookProcess webhook = serve("serve-rotation", cluster.webhook()).startReady()) {
            WebhookCertificates next = WebhookCertificates.issue(Path.of("target/e2e/faults/rotation-next"));
            // The rollover a cert-manager CA change goes through: both CAs in the bundle while the pair changes.
            String bothCas = Base64.getEncoder().encodeToString((Files.readString(webhook.certificates().resolve(CertificateFiles.CA))
                    + Files.readString(next.folder().resolve(CertificateFiles.CA))).getBytes(StandardCharsets.US_ASCII));
            try (WebhookRegistration registration = register("palisade-e2e-rotation", webhook.url(), bothCas, "Fail", 5)) {
                awaitJudged();
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger judged = new AtomicInteger();
                List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
                Thread caller = Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 2000 && !stop.get(); i++) {
                        try {
                            admin.pods().inNamespace(NAMESPACE).resource(insecurePod("rotating")).dryRun().create();
                            failures.add("admitted without a verdict");
                        } catch (KubernetesClientException e) {
                            if (e.getMessage().contains("palisade denied")) {
                                judged.incrementAndGet();
                            } else {
                                failures.add(e.getMessage());
                            }
                        }
                    }
                });
                int atRotation;
                try {
                    Eventually.until("calls before the rotation", RECOVERY, judged::get, n -> n >= 20);
                    new CertificateFiles(webhook.certificates()).writeServing(next.serving());
                    HttpClient trustingOnlyTheNewCa = HttpClient.newBuilder().sslContext(TrustOnly.of(List.of(next.ca())))
                            .connectTimeout(Duration.ofSeconds(2)).build();
                    Eventually.until("new connections get the new certificate", RECOVERY, () -> trustingOnlyTheNewCa.send(
                            HttpRequest.newBuilder(URI.create(webhook.url().replace("/validate", "/actuator/health/liveness"))).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode(), status -> status == 200);
                    atRotation = judged.get();
                    // Only the new CA from here on: the API server makes new connections, which must meet the new pair.
                    admin.admissionRegistration().v1().validatingWebhookConfigurations().withName("palisade-e2e-rotation")
                            .edit(c -> {
                                c.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(next.caBundle()));
                                return c;
                            });
                    Eventually.until("calls after the rotation", RECOVERY, judged::get, n -> n >= atRotation + 40);
                } finally {
                    stop.set(true);
                    caller.join(60_000);
                }
                assertEquals(List.of(), failures, "no admission failed during the rotation");
                LOG.info("certificate rotation: {} reviews judged through the API server, {} after the new pair was served", judged.get(),
                        judged.get() - atRotation);
            }
        }
    }

    @Test
    void aWebhookSlowerThanTimeoutSecondsIsCutOffAndTheFailurePolicyDecides() throws Exception {
        WebhookCertificates certificates = WebhookCertificates.issue(Path.of("target/e2e/faults/slow-certs"));
        try (SlowWebhook slow = new SlowWebhook(certificates.serving(), Duration.ofSeconds(4));
             WebhookRegistration registration = register("palisade-e2e-slow", slow.url(), certificates.caBundle(), "Fail", 1)) {
            String refused = Eventually.until("the API server calls the slow webhook", Duration.ofSeconds(30),
                    () -> denial(() -> admin.pods().inNamespace(NAMESPACE).resource(hardenedPod("slow")).dryRun().create()),
                    message -> message.contains("failed calling webhook"));
            assertTrue(refused.contains("deadline exceeded") || refused.contains("Timeout"), refused);
            assertFalse(refused.contains("slow stand-in denies"), "the late answer is never used: " + refused);

            registration.failurePolicy("Ignore");
            Pod admitted = Eventually.until("Ignore admits when the webhook times out", Duration.ofSeconds(30),
                    () -> admin.pods().inNamespace(NAMESPACE).resource(hardenedPod("slow-ignored")).dryRun().create(), pod -> pod != null);
            assertNotNull(admitted.getMetadata().getUid(), "admitted although the webhook would have denied, too late");
            assertTrue(slow.received() >= 2, "the API server did call the webhook");
        }
    }

    private static WebhookProcess serve(String name, Identity identity) {
        return WebhookProcess.prepare(name, Path.of("target/e2e/faults", name), CONFIG, cluster.kubeconfig(identity));
    }

    private static WebhookRegistration register(String name, String url, String caBundle, String failurePolicy, int timeoutSeconds) {
        return WebhookRegistration.register(admin, name, SUITE, url, caBundle, failurePolicy, timeoutSeconds, WebhookRegistration.WORKLOADS);
    }

    /** Until the API server's answer to an insecure Pod is palisade's denial. */
    private static void awaitJudged() {
        Eventually.until("the API server calls palisade", RECOVERY,
                () -> denial(() -> admin.pods().inNamespace(NAMESPACE).resource(insecurePod("probe")).dryRun().create()),
                message -> message.contains("palisade denied"));
    }

    private static boolean notIsolatedWarning(String namespace) {
        CommandResult result = cluster.kubectl(cluster.admin(), Manifests.yaml(WebhookThroughApiServerTest.hardened(namespace, "web")),
                "apply", "--dry-run=server", "-f", "-");
        if (result.exitCode() != 0) {
            throw new AssertionError(result.toString());
        }
        return result.err().contains("[netpol-workload-not-isolated]");
    }

    private static int get(WebhookProcess webhook, String path) {
        try {
            return webhook.get(path).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Pod insecurePod(String name) {
        return WebhookThroughApiServerTest.insecurePod(NAMESPACE, name);
    }

    private static Pod hardenedPod(String name) {
        Pod pod = WebhookThroughApiServerTest.hardenedPod(name);
        pod.getMetadata().setNamespace(NAMESPACE);
        return pod;
    }
}
