package dev.palisade.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Engine;
import dev.palisade.engine.Finding;
import dev.palisade.engine.InventoryView;
import dev.palisade.report.LintRun;
import dev.palisade.source.ManifestLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks run object by object, so a cross-object view (roles by name, the aggregation closure, policies by namespace,
 * ServiceAccounts and their bindings, autoscaler targets) built per object makes a lint quadratic: 10,000 objects once
 * took half an hour. Each view counts its builds; one lint run builds each exactly once, whatever the input's size.
 */
class CrossObjectViewsTest {
    private static final List<String> VIEWS = List.of("RBAC model", "network-policy model",
            "service accounts and their bindings", "autoscaled workloads", "consistency input index");

    private final Linter linter = new Linter(PalisadeConfig.empty(), null, null);

    @Test
    void oneRunBuildsEachViewOnceWhateverTheNumberOfObjects() {
        for (int teams : new int[] {1, 25}) {
            Map<String, Long> before = builds();
            LintRun run = linter.lint(new ManifestLoader().loadText("teams.yaml", teams(teams)));
            Map<String, Long> built = builds();
            built.replaceAll((view, count) -> count - before.getOrDefault(view, 0L));

            assertThat(run.objects()).isEqualTo(teams * 13);
            assertThat(built).as("builds per view in a run of %d objects", run.objects())
                    .containsAllEntriesOf(VIEWS.stream().collect(HashMap::new, (m, v) -> m.put(v, 1L), Map::putAll));
            assertThat(built.values()).as("no view is built more than once per run").allMatch(count -> count <= 1);
            // The views were read, not merely built: aggregation, policy coverage and autoscaling decide these.
            assertThat(checks(run)).contains("rbac-secrets-read", "netpol-policy-selects-nothing", "single-replica")
                    .doesNotContain("netpol-workload-not-isolated");
            assertThat(run.findings()).filteredOn(f -> f.check().equals("single-replica")).hasSize(teams);
            // Per team: the component, reached through the aggregate, and the aggregate, holding the component's rule.
            assertThat(run.findings()).filteredOn(f -> f.check().equals("rbac-secrets-read")).hasSize(2 * teams)
                    .allMatch(f -> f.message().contains("aggregated into ClusterRole team-") || f.message().contains("through ClusterRole team-"));
        }
    }

    @Test
    void theWebhookPathBuildsAViewOncePerInventoryToo() {
        Engine engine = new Engine(linter.checks());
        var objects = new ManifestLoader().loadText("teams.yaml", teams(3)).objects();
        var inventory = new dev.palisade.engine.Inventory() {
            @Override
            public List<dev.palisade.source.KubeObject> objects() {
                return objects;
            }

            @Override
            public List<dev.palisade.source.KubeObject> ofKind(String kind) {
                return objects.stream().filter(o -> o.kind().equals(kind)).toList();
            }
        };
        Map<String, Long> before = builds();
        engine.evaluate(objects, inventory);
        Map<String, Long> after = builds();
        for (String view : VIEWS) {
            assertThat(after.get(view) - before.getOrDefault(view, 0L)).as(view).isEqualTo(1L);
        }
    }

    private static List<String> checks(LintRun run) {
        return run.findings().stream().map(Finding::check).distinct().toList();
    }

    private static Map<String, Long> builds() {
        Map<String, Long> builds = new HashMap<>();
        InventoryView.all().forEach(view -> builds.merge(view.toString(), view.builds(), Long::sum));
        return builds;
    }

    /**
     * Per team, 13 objects: a Namespace; an aggregated ClusterRole, a component that reads secrets and a binding to the
     * aggregate; a ServiceAccount; two Deployments (one with one replica and an autoscaler, one with one replica
     * alone); a default-deny policy and a policy whose selector matches nothing; a Role with its RoleBinding.
     */
    private static String teams(int count) {
        StringBuilder yaml = new StringBuilder();
        for (int t = 0; t < count; t++) {
            String ns = "team-" + t;
            yaml.append("""
                    apiVersion: v1
                    kind: Namespace
                    metadata: {name: %1$s}
                    ---
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: ClusterRole
                    metadata: {name: %1$s-operator}
                    aggregationRule:
                      clusterRoleSelectors: [{matchLabels: {aggregate-to: %1$s-operator}}]
                    rules: []
                    ---
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: ClusterRole
                    metadata: {name: %1$s-secrets, labels: {aggregate-to: %1$s-operator}}
                    rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
                    ---
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: ClusterRole
                    metadata: {name: %1$s-reader, labels: {aggregate-to: %1$s-operator}}
                    rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
                    ---
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: RoleBinding
                    metadata: {name: operator, namespace: %1$s}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: %1$s-operator}
                    subjects: [{kind: ServiceAccount, name: app, namespace: %1$s}]
                    ---
                    apiVersion: v1
                    kind: ServiceAccount
                    metadata: {name: app, namespace: %1$s}
                    automountServiceAccountToken: false
                    ---
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: scaled, namespace: %1$s}
                    spec:
                      replicas: 1
                      template:
                        metadata: {labels: {app: scaled}}
                        spec: {serviceAccountName: app, containers: [{name: app, image: "nginx:1.27"}]}
                    ---
                    apiVersion: autoscaling/v2
                    kind: HorizontalPodAutoscaler
                    metadata: {name: scaled, namespace: %1$s}
                    spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: scaled}, maxReplicas: 5}
                    ---
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: single, namespace: %1$s}
                    spec:
                      replicas: 1
                      template:
                        metadata: {labels: {app: single}}
                        spec: {serviceAccountName: app, containers: [{name: app, image: "nginx:1.27"}]}
                    ---
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: default-deny, namespace: %1$s}
                    spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
                    ---
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: typo, namespace: %1$s}
                    spec: {podSelector: {matchLabels: {app: sngle}}, policyTypes: [Ingress]}
                    ---
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: Role
                    metadata: {name: config-reader, namespace: %1$s}
                    rules: [{apiGroups: [""], resources: [configmaps], verbs: [list]}]
                    ---
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: RoleBinding
                    metadata: {name: config-reader, namespace: %1$s}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: config-reader}
                    subjects: [{kind: ServiceAccount, name: app, namespace: %1$s}]
                    ---
                    """.formatted(ns));
        }
        return yaml.toString();
    }
}
