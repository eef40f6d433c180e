package dev.palisade.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Catalogue;
import dev.palisade.engine.Engine;
import dev.palisade.engine.Finding;
import dev.palisade.engine.Inventory;
import dev.palisade.source.KubeObject;
import dev.palisade.source.YamlText;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * AdminNetworkPolicies and BaselineAdminNetworkPolicies in the webhook's answers, from a cluster view that holds them as
 * the informers do: a NetworkPolicy change's impact follows the project's order (ANP, then NetworkPolicy, then BANP);
 * writes of ANPs and BANPs get their own impact; and "no NetworkPolicy selects this workload" answers as lint does.
 */
class AdminNetworkPolicyAdmissionTest {
    private static final String[] CLUSTER = {
            "{apiVersion: v1, kind: Namespace, metadata: {name: payments, labels: {kubernetes.io/metadata.name: payments}}}",
            "{apiVersion: v1, kind: Namespace, metadata: {name: team-b, labels: {kubernetes.io/metadata.name: team-b}}}",
            "{apiVersion: v1, kind: Namespace, metadata: {name: team-c, labels: {kubernetes.io/metadata.name: team-c}}}",
            "{apiVersion: v1, kind: Pod, metadata: {name: db, namespace: payments, labels: {app: db}}, spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}}",
            "{apiVersion: v1, kind: Pod, metadata: {name: web, namespace: team-b, labels: {app: web}}, spec: {containers: [{name: c, image: x}]}}",
            "{apiVersion: v1, kind: Pod, metadata: {name: api, namespace: team-c, labels: {app: api}}, spec: {containers: [{name: c, image: x}]}}",
    };
    private static final String DEFAULT_DENY = """
            {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: default-deny, namespace: payments},
             spec: {podSelector: {}, policyTypes: [Ingress]}}""";
    private static final String OPEN_DB = """
            {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: open-db, namespace: payments},
             spec: {podSelector: {matchLabels: {app: db}}, ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 5432}]}]}}""";
    /** Denies team-b's pods everything into payments, whatever a NetworkPolicy there allows. */
    private static final String DENY_TEAM_B = """
            {apiVersion: policy.networking.k8s.io/v1alpha1, kind: AdminNetworkPolicy, metadata: {name: deny-team-b},
             spec: {priority: 10, subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: payments}}},
                    ingress: [{name: no-team-b, action: Deny, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: team-b}}}]}]}}""";
    /** The cluster's baseline: nothing from team-c into payments, unless a NetworkPolicy there decides otherwise. */
    private static final String BASELINE = """
            {apiVersion: policy.networking.k8s.io/v1alpha1, kind: BaselineAdminNetworkPolicy, metadata: {name: default},
             spec: {subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: payments}}},
                    ingress: [{name: no-team-c, action: Deny, from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: team-c}}}]}]}}""";

    @Test
    void anAdminDenyTakesItsPairsOutOfWhatANetworkPolicyNewlyAllows() {
        AdmissionDecision without = judge("", cluster(DEFAULT_DENY), "CREATE", OPEN_DB, null);
        assertTrue(without.warnings().contains("palisade: creating NetworkPolicy payments/open-db newly allows 2 and newly denies 0 pod"
                + " connections on 5432/TCP"), without.warnings().toString());
        assertTrue(without.warnings().contains("palisade: allows team-b/web -> payments/db:5432/TCP (was denied)"), without.warnings().toString());

        AdmissionDecision with = judge("", cluster(DEFAULT_DENY, DENY_TEAM_B), "CREATE", OPEN_DB, null);
        assertTrue(with.warnings().contains("palisade: creating NetworkPolicy payments/open-db newly allows 1 and newly denies 0 pod"
                + " connections on 5432/TCP"), with.warnings().toString());
        assertTrue(with.warnings().contains("palisade: allows team-c/api -> payments/db:5432/TCP (was denied)"), with.warnings().toString());
        assertTrue(with.warnings().stream().noneMatch(w -> w.contains("team-b")), "the admin Deny decides before any NetworkPolicy: "
                + with.warnings());
    }

    @Test
    void creatingUpdatingAndDeletingAnAdminNetworkPolicyTellsWhatItCloses() {
        AdmissionDecision created = judge("", cluster(DEFAULT_DENY, OPEN_DB), "CREATE", DENY_TEAM_B, null);
        assertTrue(created.allowed(), created.toString());
        assertTrue(created.warnings().contains("palisade: creating AdminNetworkPolicy deny-team-b newly allows 0 and newly denies 1 pod"
                + " connections on 5432/TCP"), created.warnings().toString());
        assertTrue(created.warnings().contains("palisade: denies team-b/web -> payments/db:5432/TCP (was allowed)"), created.warnings().toString());

        AdmissionDecision deleted = judge("", cluster(DEFAULT_DENY, OPEN_DB, DENY_TEAM_B), "DELETE", null, DENY_TEAM_B);
        assertTrue(deleted.warnings().contains("palisade: allows team-b/web -> payments/db:5432/TCP (was denied)"), deleted.warnings().toString());

        AdmissionDecision unchanged = judge("", cluster(DEFAULT_DENY, OPEN_DB, DENY_TEAM_B), "UPDATE", DENY_TEAM_B, DENY_TEAM_B);
        assertTrue(unchanged.warnings().stream().noneMatch(w -> w.startsWith("palisade:")), unchanged.warnings().toString());
        String passing = DENY_TEAM_B.replace("action: Deny", "action: Pass");
        AdmissionDecision toPass = judge("", cluster(DEFAULT_DENY, OPEN_DB, DENY_TEAM_B), "UPDATE", passing, DENY_TEAM_B);
        assertTrue(toPass.warnings().contains("palisade: updating AdminNetworkPolicy deny-team-b newly allows 1 and newly denies 0 pod"
                + " connections on 5432/TCP"), "Pass hands team-b to the NetworkPolicy, which allows it: " + toPass.warnings());
    }

    @Test
    void aBaselineDecidesOnlyWhereNoNetworkPolicySelectsThePod() {
        AdmissionDecision unpoliced = judge("", cluster(), "CREATE", BASELINE, null);
        assertTrue(unpoliced.warnings().contains("palisade: denies team-c/api -> payments/db:5432/TCP (was allowed)"),
                unpoliced.warnings().toString());
        AdmissionDecision policed = judge("", cluster(DEFAULT_DENY, OPEN_DB), "CREATE", BASELINE, null);
        assertTrue(policed.warnings().stream().noneMatch(w -> w.startsWith("palisade:")),
                "the NetworkPolicies that select payments/db decide before the baseline: " + policed.warnings());
    }

    @Test
    void theEnforceRuleDeniesAnAdminAllowFromEveryNamespace() {
        String allowAll = DENY_TEAM_B.replace("action: Deny", "action: Allow")
                .replace("{namespaces: {matchLabels: {kubernetes.io/metadata.name: team-b}}}", "{namespaces: {}}");
        AdmissionDecision denied = judge("admission: {networkPolicyImpact: {denyOpenToEveryone: true}}", cluster(DEFAULT_DENY), "CREATE",
                allowAll, null);
        assertFalse(denied.allowed(), denied.toString());
        assertTrue(denied.message().contains("[networkPolicyImpact] opens pods it selects to every namespace (spec.ingress[0])"),
                denied.message());
    }

    @Test
    void anAdminPolicyIsJudgedByTheLintChecksOfItsKind() {
        String allowAll = DENY_TEAM_B.replace("action: Deny", "action: Allow")
                .replace("{namespaces: {matchLabels: {kubernetes.io/metadata.name: team-b}}}", "{namespaces: {}}");
        AdmissionDecision decision = judge("", cluster(), "CREATE", allowAll, null);
        assertTrue(decision.warnings().stream().anyMatch(w -> w.startsWith("[netpol-ingress-from-all-namespaces]")),
                decision.warnings().toString());
        assertEquals(List.of("netpol-ingress-from-all-namespaces"), lint(allowAll, CLUSTER).stream().map(Finding::check).toList(),
                "lint reports the same on the same object");
    }

    /** Both doors ask PolicyModel.isolated: admin policies pass what they leave undecided, so they never isolate a pod. */
    @Test
    void coverageOfAWorkloadCountsWhatLintCounts() {
        String deployment = """
                {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: payments},
                 spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}},
                        spec: {containers: [{name: web, image: "registry.example.com/web:1.0.0"}]}}}}""";
        for (String[] policies : new String[][] {{}, {DENY_TEAM_B}, {BASELINE}, {DENY_TEAM_B, BASELINE}, {DEFAULT_DENY}, {DEFAULT_DENY, DENY_TEAM_B}}) {
            boolean webhook = judge("", cluster(policies), "CREATE", deployment, null).warnings().stream()
                    .anyMatch(w -> w.startsWith("[netpol-workload-not-isolated]"));
            boolean linted = lint(deployment, Stream.concat(Arrays.stream(CLUSTER), Arrays.stream(policies)).toArray(String[]::new))
                    .stream().anyMatch(f -> f.check().equals("netpol-workload-not-isolated"));
            assertEquals(linted, webhook, "webhook and lint agree with " + policies.length + " policies: " + Arrays.toString(policies));
            assertEquals(!Arrays.asList(policies).contains(DEFAULT_DENY), webhook, Arrays.toString(policies));
        }
    }

    private static ClusterView cluster(String... policies) {
        return new FixedClusterView(Stream.concat(Arrays.stream(CLUSTER), Arrays.stream(policies)).toArray(String[]::new));
    }

    /** The linter's findings for {@code yaml}, with {@code others} as the rest of its input. */
    private static List<Finding> lint(String yaml, String... others) {
        List<KubeObject> objects = new ArrayList<>();
        for (String other : others) {
            objects.add(KubeObject.of(YamlText.parse("cluster.yaml", other)));
        }
        KubeObject object = KubeObject.of(YamlText.parse("object.yaml", yaml));
        objects.add(object);
        Inventory inventory = Inventory.of(objects);
        Engine engine = new Engine(Catalogue.load(PalisadeConfig.empty()).selected("all").stream()
                .filter(c -> c.definition().category().equals("network-policy")).toList());
        List<Finding> findings = new ArrayList<>();
        engine.evaluate(object, inventory, findings, new ArrayList<>());
        return findings;
    }

    private static AdmissionDecision judge(String config, ClusterView cluster, String operation, String yaml, String oldYaml) {
        PalisadeConfig parsed = config.isEmpty() ? PalisadeConfig.empty() : PalisadeConfig.parse("p.yaml", config);
        AdmissionSettings settings = AdmissionSettings.from(parsed, "palisade");
        AdmissionJudge judge = new AdmissionJudge(Catalogue.load(parsed).selected("all"), settings, cluster,
                new AdmissionMetrics(new SimpleMeterRegistry(), settings.timeBudget()));
        JsonNode object = yaml == null ? null : YamlText.parse("object.yaml", yaml);
        JsonNode old = oldYaml == null ? null : YamlText.parse("old.yaml", oldYaml);
        JsonNode any = object != null ? object : old;
        String kind = any.path("kind").asText();
        String namespace = any.path("metadata").path("namespace").asText("");
        return judge.judge(new AdmissionRequest("uid-1", operation, kind, "", namespace, any.path("metadata").path("name").asText(),
                "alice", List.of("system:authenticated"), object, old, false));
    }
}
