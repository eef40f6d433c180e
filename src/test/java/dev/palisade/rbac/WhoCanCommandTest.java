package dev.palisade.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.cli.Cli;
import org.junit.jupiter.api.Test;

/** {@code palisade rbac who-can}: the subjects that may do something, through which binding and rule. */
class WhoCanCommandTest {
    private static final String KEDA = "examples/rbac-keda.yaml";

    @Test
    void listsEverySubjectBindingAndRuleThatGrantsIt() {
        Cli.Outcome outcome = Cli.run("rbac", "who-can", "get", "secrets", KEDA);
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out().lines()).containsExactly(
                "ServiceAccount keda/keda-operator: cluster-wide through ClusterRoleBinding keda-operator -> ClusterRole keda-operator"
                        + " rule 0 at examples/rbac-keda.yaml:6: get on every resource (resources: [\"*\"]) in every API group"
                        + " (apiGroups: [\"*\"]), which includes secrets",
                "ServiceAccount keda/keda-operator: cluster-wide through ClusterRoleBinding keda-operator -> ClusterRole keda-operator"
                        + " rule 1 at examples/rbac-keda.yaml:9: get on secrets",
                "ServiceAccount keda/keda-operator: namespace keda through RoleBinding keda/keda-operator-secrets -> Role"
                        + " keda-operator-secrets rule 0 at examples/rbac-keda.yaml:37: get on secrets");
    }

    @Test
    void aNamespaceLeavesOutOtherNamespacesRoleBindings() {
        Cli.Outcome outcome = Cli.run("rbac", "who-can", "create", "secrets", "--namespace", "default", KEDA);
        assertThat(outcome.out()).isEqualTo("nobody in the input may create secrets in namespace default\n");
        assertThat(Cli.run("rbac", "who-can", "create", "secrets", "-n", "keda", KEDA).out())
                .contains("RoleBinding keda/keda-operator-secrets");
    }

    @Test
    void groupsAndSubresourcesAreWrittenAsKubectlDoes() {
        assertThat(Cli.run("rbac", "who-can", "patch", "deployments.apps/scale", KEDA).out())
                .contains("rule 2 at examples/rbac-keda.yaml:12: patch on */scale in every API group");
        assertThat(Cli.run("rbac", "who-can", "patch", "validatingwebhookconfigurations.admissionregistration.k8s.io", KEDA).out())
                .contains("rule 3 at examples/rbac-keda.yaml:15");
        assertThat(Cli.run("rbac", "who-can", "patch", "validatingwebhookconfigurations", KEDA).out())
                .as("without its group the core group is meant").startsWith("nobody");
    }

    @Test
    void jsonNamesSubjectBindingRoleAndRuleLine() throws Exception {
        Cli.Outcome outcome = Cli.run("rbac", "who-can", "update", "apiservices.apiregistration.k8s.io", "--format", "json", KEDA);
        assertThat(outcome.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(outcome.out());
        assertThat(json.path("subjects")).hasSize(1);
        JsonNode subject = json.path("subjects").get(0);
        assertThat(subject.path("kind").asText() + " " + subject.path("namespace").asText() + "/" + subject.path("name").asText())
                .isEqualTo("ServiceAccount keda/keda-operator");
        assertThat(subject.path("scope").asText()).isEqualTo("cluster");
        assertThat(subject.path("binding").path("kind").asText()).isEqualTo("ClusterRoleBinding");
        assertThat(subject.path("rule").path("line").asInt()).isEqualTo(18);
        assertThat(subject.path("rule").path("index").asInt()).isEqualTo(4);
    }

    @Test
    void aBindingToARoleOutsideTheInputIsNamedNotIgnored() {
        String yaml = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: devs, namespace: team}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
                subjects: [{kind: Group, name: developers}]
                """;
        Cli.Outcome outcome = Cli.runWithStdin(yaml, "rbac", "who-can", "get", "secrets", "-");
        assertThat(outcome.out()).contains("note: RoleBinding team/devs names ClusterRole edit, which is not in the input");
    }

    @Test
    void badInputAndBadUsageExitTwo() {
        assertThat(Cli.run("rbac", "who-can", "get", "secrets", "examples/no-such-file.yaml").exitCode()).isEqualTo(2);
        Cli.Outcome usage = Cli.run("rbac", "who-can", "get", "secrets", "--format", "xml", KEDA);
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("unknown format \"xml\"").doesNotContain("Exception");
    }
}
