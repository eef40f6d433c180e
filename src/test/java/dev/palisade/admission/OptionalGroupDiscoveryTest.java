package dev.palisade.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The cluster view's optional API groups, against fabric8's mock API server (CRUD mode): where discovery lists
 * {@code policy.networking.k8s.io/v1alpha1}, AdminNetworkPolicies and BaselineAdminNetworkPolicies are cached, read
 * as the inventory's kinds and given their metrics; while discovery cannot be answered the view is not synced and says
 * why. The real API server, with the group served by CRDs and installed after start-up, is
 * {@code AdminNetworkPolicyThroughApiServerTest}.
 */
@EnableKubernetesMockClient(crud = true)
class OptionalGroupDiscoveryTest {
    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void servedAdminPolicyKindsAreCachedWithTheirMetrics() throws Exception {
        server.expect().get().withPath("/apis/policy.networking.k8s.io/v1alpha1").andReturn(200, new APIResourceListBuilder()
                .withGroupVersion("policy.networking.k8s.io/v1alpha1")
                .addNewResource().withName("adminnetworkpolicies").withKind("AdminNetworkPolicy").withNamespaced(false)
                .withVerbs("list", "watch").endResource()
                .addNewResource().withName("baselineadminnetworkpolicies").withKind("BaselineAdminNetworkPolicy").withNamespaced(false)
                .withVerbs("list", "watch").endResource().build()).always();
        client.genericKubernetesResources("policy.networking.k8s.io/v1alpha1", "AdminNetworkPolicy")
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("policy.networking.k8s.io/v1alpha1")
                        .withKind("AdminNetworkPolicy").withNewMetadata().withName("deny-team-b").endMetadata()
                        .withAdditionalProperties(Map.of("spec", Map.of("priority", 10))).build()).create();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (InformerClusterView view = new InformerClusterView(client)) {
            new ClusterCacheMetrics(view).bindTo(registry);
            await(() -> view.synced() && view.caches().stream().anyMatch(c -> c.kind().equals("BaselineAdminNetworkPolicy")),
                    () -> "synced with the admin kinds; status: " + view.status() + ", caches " + view.caches());
            await(() -> view.inventory().ofKind("AdminNetworkPolicy").size() == 1, () -> "the ANP in the inventory");
            assertEquals("policy.networking.k8s.io", view.inventory().ofKind("AdminNetworkPolicy").getFirst().group());
            assertEquals(1.0, registry.get("palisade.cluster.cache.objects").tag("kind", "AdminNetworkPolicy").gauge().value(),
                    "a cache that joined after the metrics were bound has its gauges");
            assertEquals(1.0, registry.get("palisade.cluster.cache.synced").tag("kind", "BaselineAdminNetworkPolicy").gauge().value());
            assertFalse(view.caches().stream().anyMatch(c -> c.kind().endsWith(".projectcalico.org")), "Calico is not served here");
        }
    }

    @Test
    void anUnansweredDiscoveryKeepsTheViewUnsyncedAndSaysWhy() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:" + closedPort).withRequestTimeout(1000).withConnectionTimeout(1000).withRequestRetryBackoffLimit(0).build()).build();
        try (unreachable; InformerClusterView view = new InformerClusterView(unreachable)) {
            await(() -> view.status().startsWith("API discovery of Calico's and the admin network policies' groups not answered yet: "
                            + "cannot reach the API server at https://127.0.0.1:" + closedPort),
                    () -> "the status names the discovery; it is: " + view.status());
            assertFalse(view.synced());
        }
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) throws InterruptedException {
        for (int i = 0; i < 150 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
