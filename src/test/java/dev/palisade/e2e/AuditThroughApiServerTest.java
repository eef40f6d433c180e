package dev.palisade.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The background audit and {@code palisade audit} against the real API server: objects created before serve started
 * appear in PolicyReports within a period, a fix removes its failure, a deletion its results; 2,000 objects stay within
 * the object size limit; an API server restart mid-audit loses and duplicates nothing; the command line prints what
 * lint prints on the same objects as files.
 */
@ApiServerTest
class AuditThroughApiServerTest {
    private static final String NAMESPACE = "e2e-audit";
    private static final String BULK = "e2e-audit-bulk";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestCluster cluster;
    private static KubernetesClient admin;
    private static WebhookProcess serve;

    @BeforeAll
    static void objectsBeforeServe(TestCluster testCluster) {
        cluster = testCluster;
        admin = cluster.adminClient();
        ChartCrds.install(admin);
        cluster.createNamespace(NAMESPACE, Map.of());
        cluster.createNamespace(BULK, Map.of());
        apply(deployment(true));
        apply("""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: secret-reader, namespace: e2e-audit}
                rules: [{apiGroups: [""], resources: [secrets], verbs: [get, list]}]
                """);
        serve = WebhookProcess.prepare("serve-audit", Path.of("target/e2e/audit"), Path.of("src/test/resources/e2e/palisade-audit.yaml"),
                cluster.kubeconfig(cluster.webhook())).startReady();
    }

    @AfterAll
    static void stop() {
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void objectsCreatedBeforeServeAppearFixesRemoveFailuresAndDeletionsRemoveResults() {
        Eventually.until("the first audit reports the privileged Deployment", Duration.ofSeconds(60),
                () -> results(NAMESPACE), results -> has(results, "Deployment/web baseline-privileged fail "));
        assertTrue(has(results(NAMESPACE), "Role/secret-reader rbac-secrets-read fail "), results(NAMESPACE).toString());
        Eventually.until("findings by namespace in the metrics", Duration.ofSeconds(20),
                () -> serve.metric("palisade_audit_findings", "namespace=\"" + NAMESPACE + "\""), findings -> findings >= 2);
        assertTrue(admin.genericKubernetesResources("wgpolicyk8s.io/v1alpha2", "ClusterPolicyReport").withName("palisade").get() != null,
                "cluster-scoped objects get a ClusterPolicyReport");

        apply(deployment(false));
        Eventually.until("the fix reaches the report", Duration.ofSeconds(30),
                () -> results(NAMESPACE), results -> !has(results, "Deployment/web baseline-privileged fail "));
        admin.rbac().roles().inNamespace(NAMESPACE).withName("secret-reader").delete();
        Eventually.until("the deletion reaches the report", Duration.ofSeconds(30),
                () -> results(NAMESPACE), results -> results.stream().noneMatch(r -> r.startsWith("Role/secret-reader ")));
        assertEquals(List.of("palisade"), reportNames(NAMESPACE), "one report, updated in place");
    }

    @Test
    void twoThousandObjectsStayWithinTheSizeLimitAndARestartMidAuditLosesAndDuplicatesNothing() throws Exception {
        for (int i = 0; i < 2000; i++) {
            admin.rbac().roles().inNamespace(BULK).resource(new RoleBuilder().withNewMetadata().withName("reader-" + i).endMetadata()
                    .addNewRule().withApiGroups("").withResources("secrets").withVerbs("get").endRule().build()).create();
        }
        List<String> complete = Eventually.until("2,000 roles in the reports", Duration.ofSeconds(90),
                () -> results(BULK), results -> results.stream().filter(r -> r.contains(" rbac-secrets-read ")).count() == 2000);
        List<String> names = reportNames(BULK);
        assertTrue(names.size() >= 2, "split into parts: " + names);
        for (GenericKubernetesResource report : reports(BULK)) {
            int bytes = JSON.writeValueAsBytes(JSON.readTree(admin.getKubernetesSerialization().asJson(report))).length;
            assertTrue(bytes < 1024 * 1024, report.getMetadata().getName() + " is " + bytes + " bytes");
        }

        double before = serve.metric("palisade_audit_runs_total", "outcome=\"success\"");
        cluster.stopApiServer();
        TestCluster.sleep(3000); // the audit runs every 5 s: its list or its writes fail meanwhile
        cluster.startApiServer();
        Eventually.until("audits succeed again after the restart", Duration.ofSeconds(90),
                () -> serve.metric("palisade_audit_runs_total", "outcome=\"success\""), runs -> runs >= before + 2);
        List<String> after = results(BULK);
        assertEquals(new TreeSet<>(complete), new TreeSet<>(after), "nothing lost");
        assertEquals(after.size(), new TreeSet<>(after).size(), "nothing duplicated");
        assertEquals(names, reportNames(BULK), "the same reports, no new ones");

        admin.rbac().roles().inNamespace(BULK).delete();
        Eventually.until("the parts of a smaller report are deleted", Duration.ofSeconds(60),
                () -> reportNames(BULK), current -> current.equals(List.of("palisade")));
    }

    @Test
    void theCommandLinePrintsWhatLintPrintsOnTheSameObjectsAsFiles() throws IOException {
        apply(deployment(true).replace("name: web", "name: compared"));
        CommandResult audit = CommandResult.palisade("audit", "--kubeconfig", cluster.kubeconfig(cluster.admin()).toString(), "-n", NAMESPACE,
                "--format", "json");
        assertEquals(1, audit.exitCode(), audit.toString());
        CommandResult dumped = cluster.kubectl(cluster.admin(), null, "get", "-n", NAMESPACE, "-o", "yaml",
                "pods,replicationcontrollers,services,serviceaccounts,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs,"
                        + "roles,rolebindings,networkpolicies,poddisruptionbudgets,horizontalpodautoscalers");
        assertEquals(0, dumped.exitCode(), dumped.toString());
        // The cluster-scoped objects the audit reads for context (the namespace's labels, roles bindings name) go in too.
        CommandResult namespace = cluster.kubectl(cluster.admin(), null, "get", "-o", "yaml", "namespace/" + NAMESPACE);
        CommandResult context = cluster.kubectl(cluster.admin(), null, "get", "-o", "yaml", "clusterroles,clusterrolebindings");
        assertEquals(0, namespace.exitCode() + context.exitCode(), namespace + "\n" + context);
        Path folder = Files.createDirectories(Path.of("target/e2e/audit/dumped"));
        Files.writeString(folder.resolve("namespace.yaml"), dumped.out());
        Files.writeString(folder.resolve("cluster.yaml"), context.out());
        Files.writeString(folder.resolve("the-namespace.yaml"), namespace.out());
        CommandResult lint = CommandResult.palisade("lint", "--format", "json", folder.toString());
        assertEquals(1, lint.exitCode(), lint.toString());

        Set<String> fromCluster = findings(audit.out());
        Set<String> fromFiles = findings(lint.out());
        assertTrue(fromCluster.stream().anyMatch(f -> f.contains("Deployment/e2e-audit/compared baseline-privileged")), fromCluster.toString());
        assertEquals(fromFiles, fromCluster);
        List<String> files = new ArrayList<>();
        JSON.readTree(audit.out()).path("findings").forEach(f -> files.add(f.path("file").asText()));
        assertTrue(files.contains("cluster:Deployment/e2e-audit/compared"), "cluster: locations " + files);
    }

    /** Two replicas: one audits (the Lease elects it); when it stops, the other takes over. */
    @Test
    void oneReplicaAuditsAndAnotherTakesOverWhenItStops() {
        WebhookProcess second = WebhookProcess.prepare("serve-audit-2", Path.of("target/e2e/audit-2"),
                Path.of("src/test/resources/e2e/palisade-audit.yaml"), cluster.kubeconfig(cluster.webhook())).startReady();
        try {
            Eventually.until("one replica leads", Duration.ofSeconds(40),
                    () -> serve.metric("palisade_audit_leader") + second.metric("palisade_audit_leader"), leaders -> leaders == 1.0);
            WebhookProcess leader = serve.metric("palisade_audit_leader") == 1.0 ? serve : second;
            WebhookProcess other = leader == serve ? second : serve;
            assertEquals(0.0, other.metric("palisade_audit_leader"));
            double otherRuns = other.metric("palisade_audit_runs_total");
            TestCluster.sleep(6000);
            assertEquals(otherRuns, other.metric("palisade_audit_runs_total"), "the other replica does not audit");
            leader.close();
            Eventually.until("the other replica takes over", Duration.ofSeconds(40),
                    () -> other.metric("palisade_audit_runs_total"), runs -> runs > otherRuns);
            assertEquals(1.0, other.metric("palisade_audit_leader"));
            serve = other; // the one left running, for the other tests and @AfterAll
        } finally {
            if (second != serve) {
                second.close();
            }
        }
    }

    /**
     * Object, check, path and severity of each finding on the namespace's objects and the Namespace itself: what must
     * agree (the location differs by design; lint also judges the cluster-scoped context files).
     */
    private static Set<String> findings(String json) throws IOException {
        Set<String> out = new TreeSet<>();
        for (JsonNode finding : JSON.readTree(json).path("findings")) {
            JsonNode object = finding.path("object");
            if (!object.path("namespace").asText().equals(NAMESPACE)
                    && !(object.path("kind").asText().equals("Namespace") && object.path("name").asText().equals(NAMESPACE))) {
                continue;
            }
            out.add(object.path("kind").asText() + "/" + object.path("namespace").asText() + "/" + object.path("name").asText()
                    + " " + finding.path("check").asText() + " " + finding.path("path").asText()
                    + " " + finding.path("severity").asText());
        }
        return out;
    }

    private static boolean has(List<String> results, String prefix) {
        return results.stream().anyMatch(r -> r.startsWith(prefix));
    }

    /** "Kind/name policy result" for every result of the namespace's reports. */
    private static List<String> results(String namespace) {
        List<String> out = new ArrayList<>();
        for (GenericKubernetesResource report : reports(namespace)) {
            JsonNode body = JSON.valueToTree(report.getAdditionalProperties());
            for (JsonNode result : body.path("results")) {
                JsonNode resource = result.path("resources").path(0);
                out.add(resource.path("kind").asText() + "/" + resource.path("name").asText() + " " + result.path("policy").asText()
                        + " " + result.path("result").asText() + " " + result.path("rule").asText());
            }
        }
        return out;
    }

    private static List<GenericKubernetesResource> reports(String namespace) {
        return admin.genericKubernetesResources("wgpolicyk8s.io/v1alpha2", "PolicyReport").inNamespace(namespace).list().getItems();
    }

    private static List<String> reportNames(String namespace) {
        return reports(namespace).stream().map(r -> r.getMetadata().getName()).sorted().toList();
    }

    private static void apply(String yaml) {
        CommandResult result = cluster.kubectl(cluster.admin(), yaml, "apply", "-f", "-");
        assertEquals(0, result.exitCode(), result.toString());
    }

    private static String deployment(boolean privileged) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: e2e-audit}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                        - name: web
                          image: registry.example.com/web:1.0.0
                          securityContext: {privileged: %s}
                """.formatted(privileged);
    }
}
