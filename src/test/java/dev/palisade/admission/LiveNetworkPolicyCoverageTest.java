package dev.palisade.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.config.PalisadeConfig;
import dev.palisade.tls.CertificateFiles;
import dev.palisade.tls.CertificateIssuer;
import dev.palisade.tls.CertificateSet;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "No NetworkPolicy selects this workload" answered from the informer caches, against fabric8's mock API server in
 * CRUD mode: policies created, updated and deleted through the API change the webhook's answer without a restart,
 * and a namespace label switches the check to enforce. The unit-level proof; the k3s test is the real API server.
 */
@EnableKubernetesMockClient(crud = true)
class LiveNetworkPolicyCoverageTest {
    static KubernetesClient client;
    static final String CHECK = "netpol-workload-not-isolated";

    @TempDir
    Path certificates;

    static String deployment(String namespace) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: %s}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: web, image: "web:1.0.0"}]
                """.formatted(namespace);
    }

    static NetworkPolicy policy(String namespace, Map<String, String> selected) {
        return new NetworkPolicyBuilder().withNewMetadata().withName("web-ingress").withNamespace(namespace).endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(selected).endPodSelector()
                .withPolicyTypes("Ingress").endSpec().build();
    }

    @Test
    void coverageFollowsPoliciesCreatedUpdatedAndDeletedInTheCluster() throws Exception {
        CertificateSet set = new CertificateIssuer().issue("t", List.of("localhost"), List.of(), Duration.ofDays(1));
        new CertificateFiles(certificates).write(set);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().build()).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-b")
                .addToLabels("mode.palisade.dev/" + CHECK, "enforce").endMetadata().build()).create();
        try (WebhookServer.Running server = WebhookServer.start(new WebhookOptions("127.0.0.1", 0, certificates,
                PalisadeConfig.empty(), false, "palisade", Duration.ofSeconds(5), client, null), "text")) {
            WebhookClient webhook = new WebhookClient(server.port(), List.of(set.ca()));
            awaitAnswer(webhook, () -> webhook.get("/actuator/health/readiness").body(), b -> b.path("status").asText().equals("UP"));

            String review = Reviews.create("team-a", deployment("team-a"));
            JsonNode uncovered = webhook.post(review).response();
            assertTrue(uncovered.path("allowed").asBoolean(false), "medium severity warns by default");
            assertTrue(warned(uncovered), uncovered.toString());

            client.network().v1().networkPolicies().inNamespace("team-a").resource(policy("team-a", Map.of("app", "web"))).create();
            JsonNode afterCreate = awaitAnswer(webhook, () -> webhook.post(review).response(), r -> !warned(r));
            assertFalse(warned(afterCreate), "created policy covers it");

            client.network().v1().networkPolicies().inNamespace("team-a").resource(policy("team-a", Map.of("app", "other"))).update();
            assertTrue(warned(awaitAnswer(webhook, () -> webhook.post(review).response(), LiveNetworkPolicyCoverageTest::warned)),
                    "updated policy selects other pods");

            client.network().v1().networkPolicies().inNamespace("team-a").resource(policy("team-a", Map.of())).update();
            assertFalse(warned(awaitAnswer(webhook, () -> webhook.post(review).response(), r -> !warned(r))), "podSelector {} covers all");

            client.network().v1().networkPolicies().inNamespace("team-a").withName("web-ingress").delete();
            assertTrue(warned(awaitAnswer(webhook, () -> webhook.post(review).response(), LiveNetworkPolicyCoverageTest::warned)),
                    "deleted policy covers nothing");

            JsonNode enforced = webhook.post(Reviews.create("team-b", deployment("team-b"))).response();
            assertFalse(enforced.path("allowed").asBoolean(true), "the namespace label enforces the check: " + enforced);
            assertTrue(enforced.path("status").path("message").asText().contains("[" + CHECK + "] spec.template.metadata.labels"));
        }
    }

    @Test
    void withoutACacheTheWebhookIsNotReadyButAlive() throws Exception {
        CertificateSet set = new CertificateIssuer().issue("t", List.of("localhost"), List.of(), Duration.ofDays(1));
        new CertificateFiles(certificates).write(set);
        // Nothing listens on the discard port of loopback: the informers can never list.
        try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:9").withRequestRetryBackoffLimit(0).build()).build();
             WebhookServer.Running server = WebhookServer.start(new WebhookOptions("127.0.0.1", 0, certificates,
                     PalisadeConfig.empty(), false, "palisade", Duration.ofSeconds(5), unreachable, null), "text")) {
            WebhookClient webhook = new WebhookClient(server.port(), List.of(set.ca()));
            WebhookClient.Answer readiness = webhook.get("/actuator/health/readiness");
            assertEquals(503, readiness.status(), readiness.raw());
            assertTrue(readiness.raw().contains("NetworkPolicies not listed yet"), readiness.raw());
            assertEquals(200, webhook.get("/actuator/health/liveness").status());
        }
    }

    static boolean warned(JsonNode response) {
        for (JsonNode warning : response.path("warnings")) {
            if (warning.asText().startsWith("[" + CHECK + "]")) {
                return true;
            }
        }
        return false;
    }

    interface Probe {
        JsonNode get() throws Exception;
    }

    /** Informer events arrive asynchronously: ask again, a bounded number of times, until the answer changes. */
    static JsonNode awaitAnswer(WebhookClient webhook, Probe probe, Predicate<JsonNode> done) throws Exception {
        JsonNode last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        return last;
    }
}
