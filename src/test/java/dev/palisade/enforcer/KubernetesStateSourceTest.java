package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The informer source against fabric8's mock API server (CRUD mode): the objects it reads become the same
 * ClusterState a state file gives, and a change wakes the sync loop. The dataplane itself is proven on the kernel.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesStateSourceTest {
    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void informersFeedTheModelAndSignalChanges() throws Exception {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node1").endMetadata()
                .withNewSpec().withPodCIDR("10.240.1.0/24").endSpec()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.168.240.1").endAddress().endStatus()
                .build()).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("x").addToLabels("ns", "x").endMetadata().build()).create();
        client.pods().inNamespace("x").resource(new PodBuilder().withNewMetadata().withName("a").withNamespace("x")
                .addToLabels("pod", "a").endMetadata().withNewSpec().withNodeName("node1").addNewContainer().withName("c")
                .withImage("i").endContainer().endSpec().withNewStatus().withPodIP("10.240.1.10").endStatus().build()).create();
        Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
        Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                    users: [{name: mock, user: {token: mock}}]
                    contexts: [{name: mock, context: {cluster: mock, user: mock}}]
                    current-context: mock
                    """.formatted(client.getMasterUrl()));
        try (KubernetesStateSource source = new KubernetesStateSource(kubeconfig)) {
            ClusterState state = awaitState(source, s -> s.model().pods().size() == 1);
            assertEquals(List.of("node1"), state.nodes().stream().map(ClusterNode::name).toList());
            assertEquals("10.240.1.10", state.model().pod("x/a").orElseThrow().podIP());
            assertTrue(!state.model().isolated(state.model().pod("x/a").orElseThrow(), dev.palisade.netpol.Direction.INGRESS));

            client.network().v1().networkPolicies().inNamespace("x").resource(new NetworkPolicyBuilder()
                    .withNewMetadata().withName("deny").withNamespace("x").endMetadata()
                    .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build()).create();
            assertTrue(source.awaitChange(10_000), "a new policy wakes the sync loop");
            state = awaitState(source, s -> !s.model().policies().isEmpty());
            assertTrue(state.model().isolated(state.model().pod("x/a").orElseThrow(), dev.palisade.netpol.Direction.INGRESS));
        } finally {
            Files.deleteIfExists(kubeconfig);
        }
    }

    private static ClusterState awaitState(KubernetesStateSource source, java.util.function.Predicate<ClusterState> ready)
            throws InterruptedException {
        ClusterState state = ClusterState.of(source.read());
        for (int i = 0; i < 100 && !ready.test(state); i++) {
            source.awaitChange(100);
            state = ClusterState.of(source.read());
        }
        assertTrue(ready.test(state), "the informers did not deliver the objects in time");
        return state;
    }
}
