package dev.palisade.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Catalogue;
import dev.palisade.engine.InventoryView;
import dev.palisade.source.YamlText;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RBAC with context: a binding is judged with the role it names from the cluster's cache, and a role with the bindings
 * the cluster holds for it (its reach). The real API server proof is {@code ClusterAwareAdmissionThroughApiServerTest}.
 */
class ClusterAwareRbacAdmissionTest {
    private static final String WILDCARD_ROLE = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: everything, namespace: team-a}
            rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
            """;
    private static final String BINDING = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: ci-everything, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: everything}
            subjects: [{kind: ServiceAccount, name: ci, namespace: team-a}]
            """;
    private static final String EXEC_ROLE = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: debugger}
            rules: [{apiGroups: [""], resources: ["pods/exec"], verbs: ["create"]}]
            """;
    private static final String BOUND_IN_ONE_NAMESPACE = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: debuggers, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: debugger}
            subjects: [{kind: User, name: bob}]
            """;
    private static final String BOUND_CLUSTER_WIDE = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: debuggers}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: debugger}
            subjects: [{kind: User, name: bob}]
            """;

    @Test
    void aRoleBindingToACachedRoleWithAWildcardRuleIsDenied() {
        AdmissionDecision decision = judge(new FixedClusterView(WILDCARD_ROLE), "UPDATE", "team-a", BINDING);
        assertFalse(decision.allowed(), decision.toString());
        assertTrue(decision.message().contains("rbac-binding-cluster-admin"), decision.message());
        assertTrue(decision.message().contains("Role everything"), decision.message());
    }

    @Test
    void theSameBindingIsAdmittedWhenTheClusterDoesNotHoldTheRole() {
        AdmissionDecision decision = judge(new FixedClusterView(), "CREATE", "team-a", BINDING);
        assertTrue(decision.allowed(), decision.toString());
    }

    @Test
    void aClusterRoleEditIsJudgedByTheBindingsTheClusterHoldsForIt() {
        AdmissionDecision wide = judge(new FixedClusterView(BOUND_CLUSTER_WIDE), "UPDATE", "", EXEC_ROLE);
        assertFalse(wide.allowed(), "high when bound cluster-wide: " + wide);
        assertTrue(wide.message().contains("rbac-pods-exec") && wide.message().contains("bound cluster-wide by ClusterRoleBinding debuggers"),
                wide.message());

        AdmissionDecision narrow = judge(new FixedClusterView(BOUND_IN_ONE_NAMESPACE), "UPDATE", "", EXEC_ROLE);
        assertTrue(narrow.allowed(), "one step lower (medium, warned) when bound in one namespace: " + narrow);
        String warning = narrow.warnings().stream().filter(w -> w.contains("rbac-pods-exec")).findFirst().orElse("");
        assertTrue(warning.contains("bound in namespace team-a"), narrow.warnings().toString());
    }

    @Test
    void aComponentRoleIsJudgedWithTheReachOfTheAggregateThatPicksIt() {
        String aggregate = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: support}
                aggregationRule: {clusterRoleSelectors: [{matchLabels: {support.example.com/aggregate: "true"}}]}
                rules: []
                """;
        String supportEverywhere = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: support}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: support}
                subjects: [{kind: Group, name: support}]
                """;
        String component = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: support-exec, labels: {support.example.com/aggregate: "true"}}
                rules: [{apiGroups: [""], resources: ["pods/exec"], verbs: ["create"]}]
                """;
        AdmissionDecision decision = judge(new FixedClusterView(aggregate, supportEverywhere, BOUND_IN_ONE_NAMESPACE
                .replace("debugger}", "support-exec}")), "CREATE", "", component);
        assertFalse(decision.allowed(), "aggregated into a role bound cluster-wide: " + decision);
        assertTrue(decision.message().contains("aggregated into ClusterRole support"), decision.message());
    }

    @Test
    void theRbacModelIsBuiltOncePerCacheChangeNotPerReview() {
        FixedClusterView cluster = new FixedClusterView(WILDCARD_ROLE, BOUND_IN_ONE_NAMESPACE);
        AdmissionJudge judge = judge(cluster);
        judge.judge(request("CREATE", "team-a", BINDING));
        InventoryView<?> model = InventoryView.all().stream().filter(v -> v.toString().equals("RBAC model")).findFirst().orElseThrow();
        long before = model.builds();
        for (int i = 0; i < 50; i++) {
            judge.judge(request("CREATE", "team-a", BINDING));
            judge.judge(request("UPDATE", "", EXEC_ROLE));
        }
        assertEquals(before, model.builds(), "100 reviews, no rebuild");
        cluster.set(WILDCARD_ROLE);
        judge.judge(request("CREATE", "team-a", BINDING));
        judge.judge(request("CREATE", "team-a", BINDING));
        assertEquals(before + 1, model.builds(), "one rebuild after the cache changed");
    }

    private static AdmissionDecision judge(ClusterView cluster, String operation, String namespace, String yaml) {
        return judge(cluster).judge(request(operation, namespace, yaml));
    }

    private static AdmissionJudge judge(ClusterView cluster) {
        AdmissionSettings settings = AdmissionSettings.from(PalisadeConfig.empty(), "palisade");
        return new AdmissionJudge(Catalogue.load(PalisadeConfig.empty()).selected("all"), settings, cluster,
                new AdmissionMetrics(new SimpleMeterRegistry(), settings.timeBudget()));
    }

    private static AdmissionRequest request(String operation, String namespace, String yaml) {
        JsonNode object = YamlText.parse("object.yaml", yaml);
        return new AdmissionRequest("uid-1", operation, object.path("kind").asText(), "", namespace,
                object.path("metadata").path("name").asText(), "alice", List.of("system:authenticated"), object,
                "UPDATE".equals(operation) ? object : null, false);
    }
}
