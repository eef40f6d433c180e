package dev.palisade.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Severity;
import dev.palisade.lint.Linter;
import dev.palisade.report.LintRun;
import dev.palisade.source.KubeObject;
import dev.palisade.source.YamlText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An audit's findings as PolicyReports: one per namespace and one for the cluster, split by size, fixed names. */
class PolicyReportsTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void findingsBecomeResultsPerNamespaceAndClusterScopedOnesAClusterPolicyReport() {
        List<KubeObject> objects = List.of(
                object("{apiVersion: v1, kind: Pod, metadata: {name: shell, namespace: shop, uid: u-1}, spec: {containers: [{name: c, image: 'x:1', securityContext: {privileged: true}}]}}"),
                object("{apiVersion: v1, kind: ServiceAccount, metadata: {name: default, namespace: shop}}"),
                object("{apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: all}, rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]}"),
                object("""
                        {apiVersion: v1, kind: Pod, metadata: {name: exempt, namespace: shop, annotations: {ignore-check.palisade.dev/baseline-privileged: "a test"}},
                         spec: {containers: [{name: c, image: 'x:1', securityContext: {privileged: true}}]}}"""));
        List<PolicyReports.Report> reports = PolicyReports.build(run(objects), objects, NOW);
        Map<String, PolicyReports.Report> byKey = byKey(reports);
        assertEquals(Set.of("ClusterPolicyReport//palisade", "PolicyReport/shop/palisade"), byKey.keySet());

        JsonNode shop = byKey.get("PolicyReport/shop/palisade").body();
        assertEquals("wgpolicyk8s.io/v1alpha2", shop.path("apiVersion").asText());
        assertEquals("palisade", shop.path("metadata").path("labels").path("app.kubernetes.io/managed-by").asText());
        JsonNode privileged = result(shop, "shell", "baseline-privileged");
        assertEquals("fail", privileged.path("result").asText());
        assertEquals("spec.containers[0].securityContext.privileged", privileged.path("rule").asText());
        assertEquals("u-1", privileged.path("resources").path(0).path("uid").asText());
        assertEquals(NOW.getEpochSecond(), privileged.path("timestamp").path("seconds").asLong());
        assertEquals("skip", result(shop, "exempt", "baseline-privileged").path("result").asText(), "exempted by annotation");
        assertEquals(1, shop.path("summary").path("pass").asInt(), "the ServiceAccount is clean");
        assertTrue(shop.path("summary").path("fail").asInt() >= 1);

        JsonNode cluster = byKey.get("ClusterPolicyReport//palisade").body();
        assertEquals("critical", result(cluster, "all", "rbac-wildcard-all").path("severity").asText());
        assertTrue(cluster.path("metadata").path("namespace").isMissingNode());
    }

    @Test
    void manyResultsAreSplitIntoPartsThatStayFarBelowTheObjectSizeLimit() {
        List<KubeObject> objects = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            objects.add(object(("{apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: reader-%d, namespace: bulk},"
                    + " rules: [{apiGroups: [''], resources: [secrets], verbs: [get]}]}").formatted(i)));
        }
        LintRun run = run(objects);
        List<PolicyReports.Report> reports = PolicyReports.build(run, objects, NOW);
        assertTrue(reports.size() >= 2, "split: " + reports.size());
        int results = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < reports.size(); i++) {
            PolicyReports.Report report = reports.get(i);
            assertEquals(i == 0 ? "palisade" : "palisade-" + (i + 1), report.name());
            assertTrue(report.body().toString().getBytes(StandardCharsets.UTF_8).length < 1024 * 1024, "under 1 MiB");
            for (JsonNode result : report.body().path("results")) {
                assertTrue(seen.add(result.path("resources").path(0).path("name").asText() + " " + result.path("policy").asText()
                        + " " + result.path("rule").asText()), "no result twice: " + result);
                results++;
            }
        }
        assertEquals(run.findings().size(), results, "every finding in exactly one part");
        assertEquals(reports, PolicyReports.build(run, objects, NOW), "the same run gives the same reports");
    }

    @Test
    void onlyTheResultsDecideWhetherAReportChanges() {
        List<KubeObject> objects = List.of(object("{apiVersion: v1, kind: Pod, metadata: {name: shell, namespace: shop}, spec: {containers: [{name: c, image: 'x:1', securityContext: {privileged: true}}]}}"));
        JsonNode before = PolicyReports.build(run(objects), objects, NOW).getFirst().body();
        JsonNode later = PolicyReports.build(run(objects), objects, NOW.plusSeconds(600)).getFirst().body();
        assertEquals(PolicyReports.withoutTimestamps(before), PolicyReports.withoutTimestamps(later));
        List<KubeObject> fixed = List.of(object("{apiVersion: v1, kind: Pod, metadata: {name: shell, namespace: shop}, spec: {containers: [{name: c, image: 'x:1'}]}}"));
        JsonNode after = PolicyReports.build(run(fixed), fixed, NOW).getFirst().body();
        assertTrue(!PolicyReports.withoutTimestamps(before).equals(PolicyReports.withoutTimestamps(after)));
        assertTrue(after.path("results").findValues("policy").stream().noneMatch(p -> p.asText().equals("baseline-privileged")));
    }

    private static LintRun run(List<KubeObject> objects) {
        Linter linter = new Linter(PalisadeConfig.empty(), null, Severity.HIGH);
        ClusterLister.Listing listing = new ClusterLister.Listing(byKind(objects), List.of());
        return new ClusterAudit(linter.checks(), Severity.HIGH).run(listing, null);
    }

    private static Map<String, List<KubeObject>> byKind(List<KubeObject> objects) {
        Map<String, List<KubeObject>> byKind = new LinkedHashMap<>();
        objects.forEach(o -> byKind.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o));
        return byKind;
    }

    private static Map<String, PolicyReports.Report> byKey(List<PolicyReports.Report> reports) {
        Map<String, PolicyReports.Report> byKey = new LinkedHashMap<>();
        reports.forEach(r -> byKey.put(r.key(), r));
        return byKey;
    }

    private static JsonNode result(JsonNode report, String name, String policy) {
        for (JsonNode result : report.path("results")) {
            if (result.path("resources").path(0).path("name").asText().equals(name) && result.path("policy").asText().equals(policy)) {
                return result;
            }
        }
        throw new AssertionError("no " + policy + " result for " + name + " in " + report.path("results"));
    }

    private static KubeObject object(String yaml) {
        JsonNode root = YamlText.parse("cluster.yaml", yaml);
        return new KubeObject(root, ClusterLister.location(root.path("kind").asText(), root.path("metadata").path("namespace").asText(""),
                root.path("metadata").path("name").asText()), 0, Map.of());
    }
}
