package dev.palisade.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.engine.Finding;
import dev.palisade.engine.Severity;
import dev.palisade.testing.Lint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Severity grows with the reach of a role; aggregated ClusterRoles are judged on the union they pick. */
class ReachAndAggregationTest {
    private static final String SECRET_READER = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: secret-reader
            rules:
              - apiGroups: [""]
                resources: [secrets]
                verbs: [get]
            """;

    private static String binding(String kind, String namespace) {
        return "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: " + kind + "\nmetadata:\n  name: b\n"
                + (namespace == null ? "" : "  namespace: " + namespace + "\n")
                + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}\n"
                + "subjects:\n  - {kind: ServiceAccount, name: app, namespace: team}\n";
    }

    private static Finding only(String yaml) {
        List<Finding> findings = Lint.check("rbac-secrets-read", yaml);
        assertThat(findings).hasSize(1);
        return findings.getFirst();
    }

    @Test
    void aClusterRoleBindingIsTheWidestReach() {
        Finding finding = only(SECRET_READER + binding("ClusterRoleBinding", null));
        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.message()).endsWith("; bound cluster-wide by ClusterRoleBinding b");
    }

    @Test
    void aRoleBindingToTheClusterRoleReachesOneNamespaceOneStepLower() {
        Finding finding = only(SECRET_READER + binding("RoleBinding", "team"));
        assertThat(finding.severity()).isEqualTo(Severity.HIGH);
        assertThat(finding.message()).endsWith("; bound in namespace team by RoleBinding team/b");
    }

    @Test
    void kubeSystemCountsAsCluster() {
        assertThat(only(SECRET_READER + binding("RoleBinding", "kube-system")).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void anUnboundClusterRoleIsJudgedAsIfBoundClusterWideAndAnUnboundRoleAsItsNamespace() {
        assertThat(only(SECRET_READER).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(only(SECRET_READER).message()).contains("not bound in the input");
        Finding role = only(SECRET_READER.replace("kind: ClusterRole", "kind: Role").replace("name: secret-reader", "name: r\n  namespace: team"));
        assertThat(role.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void aRoleThatAggregatesIntoViewIsJudgedForEveryViewer() {
        String yaml = SECRET_READER.replace("name: secret-reader",
                "name: secret-reader\n  labels:\n    rbac.authorization.k8s.io/aggregate-to-view: \"true\"");
        Finding finding = only(yaml + binding("RoleBinding", "team"));
        assertThat(finding.severity()).as("every holder of view, in every namespace").isEqualTo(Severity.CRITICAL);
        assertThat(finding.message()).contains("aggregated into ClusterRole view, so every holder of view gets it");
    }

    @Test
    void anAggregatedClusterRoleIsJudgedOnTheUnionAtItsSelector() {
        String yaml = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: monitoring
                aggregationRule:
                  clusterRoleSelectors:
                    - matchLabels: {team: sre}
                    - matchLabels: {team: storage}
                rules: []
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: metrics
                  labels: {team: sre}
                rules:
                  - apiGroups: [""]
                    resources: [pods]
                    verbs: [get]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: backup
                  labels: {team: storage}
                rules:
                  - apiGroups: [""]
                    resources: [secrets]
                    verbs: [list]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: sre, namespace: team}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring}
                subjects: [{kind: User, name: alice}]
                """;
        List<Finding> findings = Lint.check("rbac-secrets-read", yaml);
        assertThat(findings).extracting(f -> f.object().name() + " " + f.path()).containsExactlyInAnyOrder(
                "monitoring aggregationRule.clusterRoleSelectors[1]", "backup rules[0]");
        Finding aggregate = findings.stream().filter(f -> f.object().name().equals("monitoring")).findFirst().orElseThrow();
        assertThat(aggregate.message()).startsWith("through ClusterRole backup rule 0 grants list on secrets");
        assertThat(aggregate.line()).isEqualTo(8);
        Finding component = findings.stream().filter(f -> f.object().name().equals("backup")).findFirst().orElseThrow();
        assertThat(component.message()).as("the component reaches as far as the aggregate that picks it")
                .contains("aggregated into ClusterRole monitoring");
        assertThat(component.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void bindingChecksAreLowerInAnOrdinaryNamespace() {
        String clusterWide = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: ci}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                subjects: [{kind: ServiceAccount, name: ci, namespace: ci}]
                """;
        String namespaced = clusterWide.replace("kind: ClusterRoleBinding", "kind: RoleBinding").replace("{name: ci}", "{name: ci, namespace: ci}");
        assertThat(Lint.check("rbac-binding-cluster-admin", clusterWide)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
        assertThat(Lint.check("rbac-binding-cluster-admin", namespaced)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
    }
}
