package dev.palisade.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Catalogue;
import dev.palisade.engine.CatalogueException;
import dev.palisade.source.YamlText;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The webhook's answer to a NetworkPolicy create, update and delete: what the change opens and closes. */
class NetworkPolicyImpactAdmissionTest {
    private static final String[] CLUSTER = {
            "{apiVersion: v1, kind: Namespace, metadata: {name: payments, labels: {kubernetes.io/metadata.name: payments}}}",
            "{apiVersion: v1, kind: Namespace, metadata: {name: team-b, labels: {kubernetes.io/metadata.name: team-b}}}",
            "{apiVersion: v1, kind: Pod, metadata: {name: db, namespace: payments, labels: {app: db}}, spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}}",
            "{apiVersion: v1, kind: Pod, metadata: {name: web, namespace: team-b, labels: {app: web}}, spec: {containers: [{name: c, image: x}]}}",
    };
    private static final String DEFAULT_DENY = """
            {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: default-deny, namespace: payments},
             spec: {podSelector: {}, policyTypes: [Ingress]}}""";
    private static final String OPEN_DB = """
            {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: open-db, namespace: payments},
             spec: {podSelector: {matchLabels: {app: db}}, ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 5432}]}]}}""";

    @Test
    void creatingAPolicyThatOpensTheDatabaseWarnsWithTheNewPairs() {
        AdmissionDecision decision = judge("", cluster(DEFAULT_DENY), "CREATE", OPEN_DB, null);
        assertTrue(decision.allowed(), decision.toString());
        assertTrue(decision.warnings().contains("palisade: creating NetworkPolicy payments/open-db newly allows 1 and newly denies 0 pod"
                + " connections on 5432/TCP"), decision.warnings().toString());
        assertTrue(decision.warnings().contains("palisade: allows team-b/web -> payments/db:5432/TCP (was denied)"), decision.warnings().toString());
    }

    @Test
    void theEnforceRuleDeniesAChangeThatOpensAWorkloadToEveryNamespace() {
        AdmissionDecision decision = judge("admission: {networkPolicyImpact: {denyOpenToEveryone: true}}", cluster(DEFAULT_DENY),
                "CREATE", OPEN_DB, null);
        assertFalse(decision.allowed(), decision.toString());
        assertTrue(decision.message().contains("[networkPolicyImpact] opens pods it selects to every namespace (spec.ingress[0])"), decision.message());
        String toTeamB = OPEN_DB.replace("namespaceSelector: {}", "namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: team-b}}");
        assertTrue(judge("admission: {networkPolicyImpact: {denyOpenToEveryone: true}}", cluster(DEFAULT_DENY), "CREATE", toTeamB, null)
                .allowed(), "naming the namespace is admitted");
    }

    @Test
    void deletingTheOnlyPolicyThatSelectsAWorkloadWarnsThatItIsOpen() {
        AdmissionDecision decision = judge("", cluster(DEFAULT_DENY), "DELETE", null, DEFAULT_DENY);
        assertTrue(decision.allowed());
        assertTrue(decision.warnings().contains("palisade: leaves payments/db selected by no ingress policy: every pod and address may connect"),
                decision.warnings().toString());
    }

    @Test
    void anUnchangedUpdateSaysNothing() {
        AdmissionDecision decision = judge("", cluster(DEFAULT_DENY, OPEN_DB), "UPDATE", OPEN_DB, OPEN_DB);
        assertTrue(decision.warnings().stream().noneMatch(w -> w.startsWith("palisade:")), decision.warnings().toString());
    }

    @Test
    void offlineOrDisabledThereIsNoImpact() {
        AdmissionDecision disabled = judge("admission: {networkPolicyImpact: {enabled: false}}", cluster(DEFAULT_DENY), "CREATE", OPEN_DB, null);
        assertTrue(disabled.warnings().stream().noneMatch(w -> w.contains("newly")), disabled.warnings().toString());
        AdmissionDecision offline = judge("", ClusterView.offline(), "DELETE", null, DEFAULT_DENY);
        assertEquals("skipped", offline.outcome());
    }

    @Test
    void aBadSettingIsAClearError() {
        Executable bad = () -> AdmissionSettings.from(PalisadeConfig.parse("p.yaml", "admission: {networkPolicyImpact: {maxPod: 3}}"), "palisade");
        CatalogueException error = org.junit.jupiter.api.Assertions.assertThrows(CatalogueException.class, bad);
        assertTrue(error.getMessage().contains("admission.networkPolicyImpact: unknown setting \"maxPod\""), error.getMessage());
    }

    private static ClusterView cluster(String... policies) {
        String[] all = java.util.Arrays.copyOf(CLUSTER, CLUSTER.length + policies.length);
        System.arraycopy(policies, 0, all, CLUSTER.length, policies.length);
        return new FixedClusterView(all);
    }

    private static AdmissionDecision judge(String config, ClusterView cluster, String operation, String yaml, String oldYaml) {
        PalisadeConfig parsed = config.isEmpty() ? PalisadeConfig.empty() : PalisadeConfig.parse("p.yaml", config);
        AdmissionSettings settings = AdmissionSettings.from(parsed, "palisade");
        AdmissionJudge judge = new AdmissionJudge(Catalogue.load(parsed).selected("all"), settings, cluster,
                new AdmissionMetrics(new SimpleMeterRegistry(), settings.timeBudget()));
        JsonNode object = yaml == null ? null : YamlText.parse("object.yaml", yaml);
        JsonNode old = oldYaml == null ? null : YamlText.parse("old.yaml", oldYaml);
        JsonNode any = object != null ? object : old;
        return judge.judge(new AdmissionRequest("uid-1", operation, "NetworkPolicy", "", "payments",
                any.path("metadata").path("name").asText(), "alice", List.of("system:authenticated"), object, old, false));
    }
}
