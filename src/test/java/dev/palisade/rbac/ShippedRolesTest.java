package dev.palisade.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Finding;
import dev.palisade.engine.Severity;
import dev.palisade.source.KubeObject;
import dev.palisade.testing.Lint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The roles and bindings a Kubernetes control plane ships (the bootstrap policy of Kubernetes 1.37: cluster-admin,
 * admin, edit, view, the system: roles and the controllers' roles), which {@code scripts/setup} takes from the
 * k8s.io/kubernetes module: as shipped they lint without a finding; under a user's name the same rules are reported.
 */
class ShippedRolesTest {
    private static final Path POLICY = Path.of("target/k8s-bootstrap-policy");
    private static final List<String> FILES = List.of("cluster-roles", "cluster-role-bindings", "controller-roles",
            "controller-role-bindings", "namespace-roles", "namespace-role-bindings");
    private static String shipped;

    @BeforeAll
    static void readPolicy() throws IOException {
        assertThat(POLICY.resolve("cluster-roles.yaml")).as("the bootstrap policy is fetched by `make setup` (scripts/setup)").exists();
        StringBuilder all = new StringBuilder();
        for (String file : FILES) {
            all.append(Files.readString(POLICY.resolve(file + ".yaml"))).append("\n---\n");
        }
        shipped = all.toString();
    }

    private static List<Finding> rbacFindings(String yaml) {
        return Lint.profile("all", yaml).stream().filter(f -> f.category().equals("rbac")).toList();
    }

    @Test
    void theShippedRolesLintWithoutAFinding() {
        assertThat(Lint.objects(shipped)).as("roles and bindings read").hasSizeGreaterThan(100);
        assertThat(rbacFindings(shipped)).isEmpty();
    }

    @Test
    void theSameRulesUnderAUsersNameAreReported() throws IOException {
        List<Finding> findings = rbacFindings(underUserNames(Lint.objects(shipped)));
        List<String> found = findings.stream().map(f -> f.check() + " " + f.object().kind() + "/" + f.object().name()).toList();
        assertThat(found).contains(
                "rbac-wildcard-all ClusterRole/acme-cluster-admin",
                "rbac-binding-cluster-admin ClusterRoleBinding/acme-cluster-admin",
                "rbac-escalate-bind ClusterRole/acme-system-controller-clusterrole-aggregation-controller",
                "rbac-secrets-read ClusterRole/acme-admin",
                "rbac-secrets-read ClusterRole/acme-system-aggregate-to-edit",
                "rbac-workload-create ClusterRole/acme-system-aggregate-to-edit",
                "rbac-nodes-proxy ClusterRole/acme-system-kubelet-api-admin",
                "rbac-binding-anonymous ClusterRoleBinding/acme-system-discovery");
        assertThat(findings).filteredOn(f -> f.severity().atLeast(Severity.HIGH)).hasSizeGreaterThan(10);
        assertThat(found).as("the view role reads no Secrets").doesNotContain("rbac-secrets-read ClusterRole/acme-view");
    }

    /** Each role and binding renamed (acme-...), its roleRef too, and without the bootstrapping label. */
    private static String underUserNames(List<KubeObject> objects) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode items = mapper.createArrayNode();
        for (KubeObject object : objects) {
            ObjectNode copy = (ObjectNode) object.root().deepCopy();
            ObjectNode metadata = (ObjectNode) copy.path("metadata");
            metadata.put("name", userName(metadata.path("name").asText()));
            JsonNode labels = metadata.path("labels");
            if (labels instanceof ObjectNode labelMap) {
                labelMap.remove(RbacSettings.BOOTSTRAP_LABEL);
            }
            if (copy.path("roleRef") instanceof ObjectNode roleRef) {
                roleRef.put("name", userName(roleRef.path("name").asText()));
            }
            items.add(copy);
        }
        ObjectNode list = mapper.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        list.set("items", items);
        return mapper.writeValueAsString(list);
    }

    private static String userName(String name) {
        return "acme-" + name.replace(':', '-');
    }
}
