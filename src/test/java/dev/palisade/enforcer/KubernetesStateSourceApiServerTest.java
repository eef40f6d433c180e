package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.palisade.e2e.ApiServerTest;
import dev.palisade.e2e.Manifests;
import dev.palisade.e2e.TestCluster;
import dev.palisade.testing.Lint;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The node enforcer's informer source against a real API server: the golden state (two Nodes, two Namespaces, three
 * Pods whose IPs are written through the status subresource, a Kubernetes NetworkPolicy and a Calico policy through
 * projectcalico.org/v3 CRDs) is created there, then updated and deleted object by object. After each step the ruleset
 * compiled for node1 from what {@link KubernetesStateSource} read (and the overlay's node list) must equal what the
 * same objects give as a state file: the exact iptables-restore and ipset input. No kernel is touched.
 */
@ApiServerTest
class KubernetesStateSourceApiServerTest {
    private static final Path STATE = Path.of("src/test/resources/enforcer/golden/state.yaml");
    private static final Duration FOLLOW = Duration.ofSeconds(30);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static String previous = "";

    @Test
    void theCompiledRulesetFollowsCreatesUpdatesAndDeletes(TestCluster cluster) throws Exception {
        KubernetesClient admin = cluster.adminClient();
        installCalicoCrds(admin);
        Map<String, String> expected = documents(Files.readString(STATE));
        for (String yaml : expected.values()) {
            create(cluster, yaml);
        }
        try (KubernetesStateSource source = new KubernetesStateSource(cluster.kubeconfig(cluster.admin()))) {
            assertFollows(source, expected, "created");

            // Updates: a Pod relabelled out of its policy, a policy's ports, a Node's address (status subresource).
            expected.put("Pod/x/a", expected.get("Pod/x/a").replace("labels: {pod: a}", "labels: {pod: moved}"));
            admin.pods().inNamespace("x").withName("a").edit(p -> {
                p.getMetadata().getLabels().put("pod", "moved");
                return p;
            });
            String narrowed = expected.get("NetworkPolicy/x/web").replace("port: 5000, endPort: 5010", "port: 6000, endPort: 6001");
            expected.put("NetworkPolicy/x/web", narrowed);
            admin.resource(Manifests.parse(narrowed, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class))
                    .forceConflicts().serverSideApply();
            String moved = expected.get("Node/node2").replace("192.168.240.2", "192.168.240.22");
            expected.put("Node/node2", moved);
            Node movedNode = Manifests.parse(moved, Node.class);
            admin.nodes().withName("node2").editStatus(n -> {
                n.setStatus(movedNode.getStatus());
                return n;
            });
            assertFollows(source, expected, "updated");

            // Deletes: a Pod (forced: no kubelet confirms), both policies, the other Node.
            expected.remove("Pod/y/b");
            admin.pods().inNamespace("y").withName("b").withGracePeriod(0).delete();
            expected.remove("NetworkPolicy/x/web");
            admin.network().v1().networkPolicies().inNamespace("x").withName("web").delete();
            expected.remove("NetworkPolicy/y/guard");
            admin.genericKubernetesResources("projectcalico.org/v3", "NetworkPolicy").inNamespace("y").withName("guard").delete();
            expected.remove("Node/node2");
            admin.nodes().withName("node2").delete();
            assertFollows(source, expected, "deleted");
        }
    }

    /** Compiled from the informers and from the same objects as a file: equal within {@link #FOLLOW}. */
    private static void assertFollows(KubernetesStateSource source, Map<String, String> expected, String step) throws InterruptedException {
        String want = compile(Lint.objects(String.join("\n---\n", expected.values())));
        assertNotEquals(previous, want, "the step must change the ruleset or the node list, or it proves nothing");
        previous = want;
        long deadline = System.nanoTime() + FOLLOW.toNanos();
        String got;
        do {
            source.awaitChange(200);
            got = compile(source.read().stream().filter(KubernetesStateSourceApiServerTest::ofTheState).toList());
        } while (!want.equals(got) && System.nanoTime() < deadline);
        assertEquals(want, got, "the ruleset compiled from the API server after objects were " + step);
    }

    /** The shared cluster also holds other suites' namespaces, Pods and policies; the state is x, y, node1 and node2. */
    private static boolean ofTheState(dev.palisade.source.KubeObject object) {
        Set<String> namespaces = Set.of("x", "y");
        return switch (object.kind()) {
            case "Node" -> Set.of("node1", "node2").contains(object.name());
            case "Namespace" -> namespaces.contains(object.name());
            default -> namespaces.contains(object.namespace());
        };
    }

    private static String compile(List<dev.palisade.source.KubeObject> objects) {
        ClusterState state = ClusterState.of(objects);
        FirewallRuleset ruleset = new RuleCompiler(EnforcerSettings.defaults("node1"))
                .compile(state, state.node("node1").orElseThrow(() -> new AssertionError("node1 not read yet")));
        return "nodes: " + state.nodes().stream().map(ClusterNode::toString).sorted().toList() + "\n" + IptablesRestoreWriter.write(ruleset, Set.of(), Set.of())
                + IpsetRestoreWriter.write(ruleset.sets(), Map.of());
    }

    /** The state file's documents by Kind/namespace/name, in file order. */
    private static Map<String, String> documents(String text) {
        Map<String, String> documents = new LinkedHashMap<>();
        for (String document : text.split("(?m)^---\\s*$")) {
            if (!document.contains("kind:")) {
                continue;
            }
            HasMetadata object = (HasMetadata) SERIALIZATION.unmarshal(document);
            String namespace = object.getMetadata().getNamespace();
            documents.put(object.getKind() + "/" + (namespace == null ? "" : namespace + "/") + object.getMetadata().getName(), document.strip());
        }
        return documents;
    }

    /** As a kubelet and CNI would leave them: a Pod's IP arrives through the status subresource after it is created. */
    private static void create(TestCluster cluster, String yaml) {
        KubernetesClient admin = cluster.adminClient();
        HasMetadata object = (HasMetadata) SERIALIZATION.unmarshal(yaml);
        switch (object) {
            case io.fabric8.kubernetes.api.model.Namespace namespace ->
                    cluster.createNamespace(namespace.getMetadata().getName(), namespace.getMetadata().getLabels());
            case Pod pod -> {
                admin.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
                admin.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).editStatus(p -> {
                    p.getStatus().setPodIP(pod.getStatus().getPodIP());
                    p.getStatus().setPodIPs(List.of(new io.fabric8.kubernetes.api.model.PodIP(pod.getStatus().getPodIP())));
                    return p;
                });
            }
            default -> admin.resource(object).create();
        }
    }

    /** Calico's v3 kinds as CRDs (any fields kept): enough for the enforcer's Calico informers to find and read them. */
    private static void installCalicoCrds(KubernetesClient admin) throws InterruptedException {
        for (String[] kind : new String[][] {{"NetworkPolicy", "networkpolicies", "Namespaced"},
                {"GlobalNetworkPolicy", "globalnetworkpolicies", "Cluster"}, {"Tier", "tiers", "Cluster"}}) {
            CustomResourceDefinition crd = new CustomResourceDefinitionBuilder().withNewMetadata()
                    .withName(kind[1] + ".projectcalico.org").endMetadata()
                    .withNewSpec().withGroup("projectcalico.org").withScope(kind[2])
                    .withNewNames().withKind(kind[0]).withPlural(kind[1]).withSingular(kind[0].toLowerCase()).endNames()
                    .addNewVersion().withName("v3").withServed(true).withStorage(true)
                    .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                    .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build();
            admin.apiextensions().v1().customResourceDefinitions().resource(crd).forceConflicts().serverSideApply();
            admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null && c.getStatus().getConditions().stream()
                            .anyMatch(condition -> condition.getType().equals("Established") && condition.getStatus().equals("True")),
                            30, TimeUnit.SECONDS);
        }
    }

}
