package dev.palisade.bestpractice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.Finding;
import dev.palisade.testing.Lint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each best-practice check reports: the field (or container) it points at, and a message that names it. */
class BestPracticeChecksTest {

    private static String deployment(String podSpec, String container) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                """ + podSpec.indent(6) + """
                      containers:
                        - name: app
                          image: registry.example.com/app:1.4.2
                """ + container.indent(10);
    }

    private static Finding only(String check, String yaml) {
        List<Finding> findings = Lint.check(check, yaml);
        assertThat(findings).as(check).hasSize(1);
        return findings.getFirst();
    }

    @Test
    void aMissingResourcePointsAtTheContainerAndNamesWhatIsMissing() {
        Finding finding = only("memory-limits", deployment("", "resources: {requests: {cpu: 100m, memory: 64Mi}}"));
        assertThat(finding.path()).isEqualTo("spec.template.spec.containers[0]");
        assertThat(finding.line()).isEqualTo(11);
        assertThat(finding.message()).isEqualTo("container \"app\" sets no memory limit");
        assertThat(Lint.check("memory-requests", deployment("", "resources: {requests: {cpu: 100m, memory: 64Mi}}"))).isEmpty();
    }

    @Test
    void anExplicitFalsePointsAtTheField() {
        Finding finding = only("read-only-root-filesystem", deployment("", "securityContext: {readOnlyRootFilesystem: false}"));
        assertThat(finding.path()).isEqualTo("spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem");
        assertThat(finding.message())
                .isEqualTo("container \"app\" sets securityContext.readOnlyRootFilesystem: false, so its root filesystem is writable");
    }

    @Test
    void windowsPodsAreNotAskedForAReadOnlyRoot() {
        assertThat(Lint.check("read-only-root-filesystem", deployment("os: {name: windows}", ""))).isEmpty();
    }

    @Test
    void probesAreNotAskedOfPodsThatRunToCompletion() {
        assertThat(Lint.check("liveness-probe", deployment("restartPolicy: OnFailure", ""))).isEmpty();
        assertThat(only("liveness-probe", deployment("", "")).message()).isEqualTo("container \"app\" sets no liveness probe");
    }

    @Test
    void pullPolicyFlagsOnlyAFloatingImageThatNodesKeep() {
        String latest = deployment("", "imagePullPolicy: IfNotPresent").replace("app:1.4.2", "app:latest");
        Finding finding = only("image-pull-policy", latest);
        assertThat(finding.path()).isEqualTo("spec.template.spec.containers[0].imagePullPolicy");
        assertThat(finding.message()).contains("floating image \"registry.example.com/app:latest\" with imagePullPolicy IfNotPresent");
        assertThat(Lint.check("image-pull-policy", latest.replace("IfNotPresent", "Always"))).isEmpty();
        assertThat(Lint.check("image-pull-policy", deployment("", "imagePullPolicy: IfNotPresent"))).isEmpty();
    }

    @Test
    void envSecretNamesTheVariableAndNeverTheValue() {
        Finding finding = only("env-secret-value", deployment("", """
                env:
                  - {name: LOG_LEVEL, value: info}
                  - {name: GITHUB_TOKEN, value: ghp_verysecret}
                """));
        assertThat(finding.path()).isEqualTo("spec.template.spec.containers[0].env[1].value");
        assertThat(finding.message()).contains("GITHUB_TOKEN").doesNotContain("ghp_verysecret");
    }

    @Test
    void runtimeSocketPathsAreNormalisedBeforeComparing() {
        assertThat(dev.palisade.workload.HostPaths.normalise("/var/run/docker.sock")).isEqualTo("/run/docker.sock");
        assertThat(dev.palisade.workload.HostPaths.normalise("//var//run/./containerd/")).isEqualTo("/run/containerd");
        assertThat(dev.palisade.workload.HostPaths.normalise("/var/lib/../../")).isEqualTo("/");
        Finding root = only("runtime-socket-mount", deployment("volumes: [{name: host, hostPath: {path: /}}]",
                "volumeMounts: [{name: host, mountPath: /host}]"));
        assertThat(root.path()).isEqualTo("spec.template.spec.volumes[0].hostPath.path");
        assertThat(root.message()).isEqualTo("hostPath volume \"host\" (/) exposes a folder holding /run/docker.sock;"
                + " mounted by container \"app\"");
        assertThat(Lint.check("runtime-socket-mount", deployment("volumes: [{name: d, hostPath: {path: /run/docker}}]", "")))
                .as("/run/docker is not /run/docker.sock").isEmpty();
    }

    @Test
    void dangerousCapabilitiesAreMatchedAsTheRuntimeDoes() {
        List<Finding> findings = Lint.check("dangerous-capabilities", deployment("",
                "securityContext: {capabilities: {add: [CHOWN, CAP_SYS_PTRACE, net_admin]}}"));
        assertThat(findings).extracting(Finding::path).containsExactly(
                "spec.template.spec.containers[0].securityContext.capabilities.add[1]",
                "spec.template.spec.containers[0].securityContext.capabilities.add[2]");
    }

    @Test
    void automountIsJudgedByWhatTheInputSaysOfTheServiceAccount() {
        Finding onDefault = only("automount-service-account-token", deployment("", ""));
        assertThat(onDefault.path()).isEqualTo("spec.template.spec");
        assertThat(onDefault.message()).contains("runs as the default ServiceAccount");
        String podOverrides = deployment("serviceAccountName: web\nautomountServiceAccountToken: true", "")
                + "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: shop}\nautomountServiceAccountToken: false\n";
        assertThat(only("automount-service-account-token", podOverrides).path())
                .as("the pod's own setting wins over its ServiceAccount's").isEqualTo("spec.template.spec.automountServiceAccountToken");
        String groupBound = deployment("serviceAccountName: web", "")
                + "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: shop}\n"
                + "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: all}\n"
                + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}\n"
                + "subjects: [{kind: Group, name: 'system:serviceaccounts:shop'}]\n";
        assertThat(Lint.check("automount-service-account-token", groupBound)).as("bound through its namespace's group").isEmpty();
    }

    @Test
    void singleReplicaPointsAtReplicasOrAtSpecWhenUnset() {
        Finding explicit = only("single-replica", deployment("", "").replace("replicas: 2", "replicas: 1"));
        assertThat(explicit.path()).isEqualTo("spec.replicas");
        assertThat(explicit.line()).isEqualTo(5);
        Finding unset = only("single-replica", deployment("", "").replace("  replicas: 2\n", ""));
        assertThat(unset.path()).isEqualTo("spec");
        assertThat(unset.message()).contains("(replicas is unset)");
        String keda = deployment("", "").replace("replicas: 2", "replicas: 1")
                + "---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web, namespace: shop}\n"
                + "spec: {scaleTargetRef: {name: web}}\n";
        assertThat(Lint.check("single-replica", keda)).as("a ScaledObject targets Deployments by default").isEmpty();
        String otherNamespace = keda.replace("metadata: {name: web, namespace: shop}\nspec: {scale", "metadata: {name: web, namespace: other}\nspec: {scale");
        assertThat(Lint.check("single-replica", otherNamespace)).hasSize(1);
    }

    @Test
    void aUserBuildsTheirOwnCheckFromTheContainerFieldTemplate() {
        String config = """
                customChecks:
                  - id: acme-startup-probe
                    category: best-practice
                    severity: low
                    description: Slow starters need a startup probe.
                    remediation: Add a startupProbe.
                    template: container-field
                    params: {field: startupProbe, missing: no startup probe}
                """;
        List<Finding> findings = Lint.withConfig(config, deployment("", "")).stream()
                .filter(f -> f.check().equals("acme-startup-probe")).toList();
        assertThat(findings).singleElement().extracting(Finding::message).isEqualTo("container \"app\" sets no startup probe");
        assertThatThrownBy(() -> Lint.withConfig(config.replace("missing: no startup probe", "lists: [sidecars]"), ""))
                .isInstanceOf(CatalogueException.class).hasMessageContaining("unknown container list \"sidecars\"");
        assertThatThrownBy(() -> Lint.withConfig(config.replace("missing: no startup probe", "expect: false"), ""))
                .isInstanceOf(CatalogueException.class).hasMessageContaining("\"expect\" must be present or true");
    }
}
