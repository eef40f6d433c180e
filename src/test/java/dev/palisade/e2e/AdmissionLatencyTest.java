package dev.palisade.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Latency through the API server: {@code N} (default 300, {@code -Dpalisade.e2e.latencyCount}) sequential
 * server-side dry-run creates of a hardened Deployment, first with no webhook registered, then with palisade's.
 * The test logs p50/p99 of both and writes them to {@code target/e2e/apiserver-latency.tsv}, which
 * {@code bench/apiserver/run} prints as a table; it asserts only what it can prove: every create with the webhook was
 * judged by it, and a dry run stored nothing. Timings are never asserted.
 */
@ApiServerTest
class AdmissionLatencyTest {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionLatencyTest.class);
    private static final String SUITE = "latency";
    private static final String NAMESPACE = "e2e-latency";
    private static final int COUNT = Integer.getInteger("palisade.e2e.latencyCount", 300);
    private static final int WARMUP = 30;
    static final Path RESULTS = Path.of("target/e2e/apiserver-latency.tsv");

    @Test
    void dryRunCreatesWithAndWithoutTheWebhook(TestCluster cluster) throws IOException {
        KubernetesClient admin = cluster.adminClient();
        cluster.createNamespace(NAMESPACE, Map.of(WebhookRegistration.SUITE_LABEL, SUITE));
        admin.network().v1().networkPolicies().inNamespace(NAMESPACE).resource(new NetworkPolicyBuilder().withNewMetadata()
                .withName("default-deny").withNamespace(NAMESPACE).endMetadata().withNewSpec().withNewPodSelector().endPodSelector()
                .withPolicyTypes("Ingress").endSpec().build()).serverSideApply();
        Deployment deployment = WebhookThroughApiServerTest.hardened(NAMESPACE, "latency");

        long[] without = time(admin, deployment);
        try (WebhookProcess webhook = WebhookProcess.prepare("serve-latency", Path.of("target/e2e/latency"),
                Path.of("src/test/resources/e2e/palisade.yaml"), cluster.kubeconfig(cluster.webhook())).startReady();
             WebhookRegistration registration = WebhookRegistration.register(admin, "palisade-e2e-latency", SUITE, webhook.url(),
                     webhook.caBundle(), "Fail", 10, WebhookRegistration.WORKLOADS)) {
            Eventually.until("the API server calls the webhook", Duration.ofSeconds(30), () -> {
                admin.apps().deployments().inNamespace(NAMESPACE).resource(deployment).dryRun().create();
                return webhook.metric("palisade_admission_requests_total", "kind=\"Deployment\"");
            }, judged -> judged > 0);
            double judgedBefore = webhook.metric("palisade_admission_requests_total", "kind=\"Deployment\"", "outcome=\"allowed\"");
            long[] with = time(admin, deployment);
            double judged = webhook.metric("palisade_admission_requests_total", "kind=\"Deployment\"", "outcome=\"allowed\"") - judgedBefore;
            assertTrue(judged >= WARMUP + COUNT, "every create with the webhook was judged and allowed cleanly: " + judged);

            String table = "mode\tcount\tp50_ms\tp99_ms\tmax_ms\n" + row("without webhook", without) + row("with palisade", with);
            Files.createDirectories(RESULTS.getParent());
            Files.writeString(RESULTS, table);
            LOG.info("API server dry-run create latency, {} sequential each:\n{}", COUNT, table);
        }
        assertEquals(0, admin.apps().deployments().inNamespace(NAMESPACE).list().getItems().size(), "dry runs stored nothing");
    }

    /** Sorted durations in nanoseconds of {@link #COUNT} dry-run creates, after {@link #WARMUP} unmeasured ones. */
    private static long[] time(KubernetesClient admin, Deployment deployment) {
        long[] durations = new long[COUNT];
        for (int i = -WARMUP; i < COUNT; i++) {
            long start = System.nanoTime();
            admin.apps().deployments().inNamespace(NAMESPACE).resource(deployment).dryRun().create();
            if (i >= 0) {
                durations[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(durations);
        return durations;
    }

    private static String row(String mode, long[] sorted) {
        return "%s\t%d\t%.2f\t%.2f\t%.2f%n".formatted(mode, sorted.length, percentile(sorted, 50), percentile(sorted, 99),
                sorted[sorted.length - 1] / 1e6);
    }

    /** Nearest-rank percentile in milliseconds. */
    private static double percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
