package dev.palisade.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.config.PalisadeConfig;
import dev.palisade.tls.CertificateFiles;
import dev.palisade.tls.CertificateIssuer;
import dev.palisade.tls.CertificateSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server on a random port over HTTPS with real certificates, fed real AdmissionReview bodies. Checks come
 * from src/test/resources/admission/webhook-test.palisade.yaml: critical-floating-tag (enforced) and medium-dev-tag
 * (warned).
 */
class AdmissionWebhookHttpsTest {
    @TempDir
    static Path certificates;
    static WebhookServer.Running server;
    static WebhookClient client;

    static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: team-a}
            spec:
              containers:
                - {name: web, image: "registry.example/web:%s"}
            """;

    @BeforeAll
    static void start() throws Exception {
        CertificateSet set = new CertificateIssuer().issue("palisade-webhook.palisade.svc", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
        new CertificateFiles(certificates).write(set);
        server = WebhookServer.start(new WebhookOptions("127.0.0.1", 0, certificates, testConfig(), true, "palisade",
                Duration.ofSeconds(1), null, null), "text");
        client = new WebhookClient(server.port(), List.of(set.ca()));
    }

    static PalisadeConfig testConfig() throws Exception {
        Path file = Path.of("src/test/resources/admission/webhook-test.palisade.yaml");
        return PalisadeConfig.parse(file.toString(), Files.readString(file));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static JsonNode allowedResponse(WebhookClient.Answer answer) {
        assertEquals(200, answer.status(), answer.raw());
        assertEquals("admission.k8s.io/v1", answer.body().path("apiVersion").asText());
        assertEquals("AdmissionReview", answer.body().path("kind").asText());
        return answer.response();
    }

    @Nested
    class Workloads {
        @Test
        void aPodWithTheLatestTagIsDeniedWithCheckPathMessageAndRemediation() throws Exception {
            String body = Reviews.create("team-a", POD.formatted("latest"));
            String uid = WebhookClient.JSON.readTree(body).path("request").path("uid").asText();
            JsonNode response = allowedResponse(client.post(body));
            assertEquals(uid, response.path("uid").asText());
            assertFalse(response.path("allowed").asBoolean(true));
            assertEquals(403, response.path("status").path("code").asInt());
            String message = response.path("status").path("message").asText();
            assertTrue(message.startsWith("palisade denied Pod/team-a/web: 1 violation"), message);
            assertTrue(message.contains("[critical-floating-tag] spec.containers[0].image: container \"web\" uses image"), message);
            assertTrue(message.contains("Fix: Pin the image to a version or digest."), message);
        }

        @Test
        void theBuiltInPodSecurityChecksDenyAPrivilegedHostNetworkPod() throws Exception {
            JsonNode response = allowedResponse(client.post(Reviews.create("team-a", """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: node-shell, namespace: team-a}
                    spec:
                      hostNetwork: true
                      containers:
                        - name: shell
                          image: "busybox:1.36"
                          securityContext: {privileged: true}
                    """)));
            assertFalse(response.path("allowed").asBoolean(true));
            String message = response.path("status").path("message").asText();
            assertTrue(message.contains("[baseline-privileged] spec.containers[0].securityContext.privileged"), message);
            assertTrue(message.contains("[baseline-host-namespaces] spec.hostNetwork"), message);
        }

        @Test
        void aDeploymentIsJudgedOnItsPodTemplate() throws Exception {
            JsonNode response = allowedResponse(client.post(Reviews.create("team-a", """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: api, namespace: team-a}
                    spec:
                      selector: {matchLabels: {app: api}}
                      template:
                        metadata: {labels: {app: api}}
                        spec:
                          containers:
                            - {name: api, image: "api:latest"}
                    """)));
            assertFalse(response.path("allowed").asBoolean(true));
            assertTrue(response.path("status").path("message").asText()
                    .contains("[critical-floating-tag] spec.template.spec.containers[0].image"), response.toString());
        }

        @Test
        void aCronJobIsJudgedOnItsJobTemplate() throws Exception {
            JsonNode response = allowedResponse(client.post(Reviews.create("team-a", """
                    apiVersion: batch/v1
                    kind: CronJob
                    metadata: {name: nightly, namespace: team-a}
                    spec:
                      schedule: "0 3 * * *"
                      jobTemplate:
                        spec:
                          template:
                            spec:
                              restartPolicy: Never
                              containers:
                                - {name: job, image: "tool:latest"}
                    """)));
            assertFalse(response.path("allowed").asBoolean(true));
            assertTrue(response.path("status").path("message").asText()
                    .contains("[critical-floating-tag] spec.jobTemplate.spec.template.spec.containers[0].image"), response.toString());
        }

        @Test
        void aLowerSeverityFindingAllowsWithAWarning() throws Exception {
            JsonNode response = allowedResponse(client.post(Reviews.create("team-a", POD.formatted("dev"))));
            assertTrue(response.path("allowed").asBoolean(false));
            assertTrue(response.path("status").isMissingNode());
            assertTrue(warnings(response).stream().anyMatch(w -> w.startsWith("[medium-dev-tag] spec.containers[0].image")),
                    response.toString());
            assertTrue(warnings(response).stream().allMatch(w -> w.length() <= ResponseLimits.MAX_WARNING));
        }

        @Test
        void aCleanPodIsAllowedAndOfflineModeSaysWhatItSkipped() throws Exception {
            JsonNode response = allowedResponse(client.post(Reviews.create("team-a", POD.formatted("1.4.2"))));
            assertTrue(response.path("allowed").asBoolean(false));
            assertTrue(warnings(response).contains(
                    "palisade offline, skipped netpol-namespace-no-default-deny, netpol-workload-not-isolated (needs the cluster)"),
                    response.toString());
            assertTrue(warnings(response).stream().noneMatch(w -> w.startsWith("[medium-dev-tag]") || w.startsWith("[critical-floating-tag]")));
        }

        @Test
        void updateIsJudgedOnTheNewObjectOnly() throws Exception {
            JsonNode fixing = allowedResponse(client.post(Reviews.review("UPDATE", "team-a", "alice", List.of(),
                    POD.formatted("1.4.2"), POD.formatted("latest"), false)));
            assertTrue(fixing.path("allowed").asBoolean(false), fixing.toString());
            JsonNode breaking = allowedResponse(client.post(Reviews.review("UPDATE", "team-a", "alice", List.of(),
                    POD.formatted("latest"), POD.formatted("1.4.2"), false)));
            assertFalse(breaking.path("allowed").asBoolean(true), breaking.toString());
        }

        @Test
        void deleteIsAllowedWhateverTheOldObject() throws Exception {
            JsonNode response = allowedResponse(client.post(Reviews.review("DELETE", "team-a", "alice", List.of(),
                    null, POD.formatted("latest"), false)));
            assertTrue(response.path("allowed").asBoolean(false));
            assertTrue(response.path("warnings").isMissingNode());
        }

        @Test
        void dryRunIsJudgedTheSameWay() throws Exception {
            JsonNode response = allowedResponse(client.post(Reviews.review("CREATE", "team-a", "alice", List.of(),
                    POD.formatted("latest"), null, true)));
            assertFalse(response.path("allowed").asBoolean(true));
            assertEquals(403, response.path("status").path("code").asInt());
        }
    }

    @Nested
    class Rbac {
        @Test
        void aClusterRoleIsReviewedAndAllowedWhenNoCheckObjects() throws Exception {
            JsonNode response = allowedResponse(client.post(Reviews.create(null, """
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: ClusterRole
                    metadata: {name: reader}
                    rules:
                      - {apiGroups: [""], resources: [pods], verbs: [get, list]}
                    """)));
            assertTrue(response.path("allowed").asBoolean(false), response.toString());
            assertEquals(200, client.post(Reviews.create(null, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")).status());
        }

        @Test
        void aRoleBindingIsReviewed() throws Exception {
            JsonNode response = allowedResponse(client.post(Reviews.create("team-a", """
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: RoleBinding
                    metadata: {name: read-pods, namespace: team-a}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
                    subjects:
                      - {kind: ServiceAccount, name: app, namespace: team-a}
                    """)));
            assertTrue(response.path("allowed").asBoolean(false), response.toString());
        }

        private static final String SECRETS_EVERYWHERE = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: operator}
                rules:
                  - {apiGroups: ["*"], resources: ["*"], verbs: [get]}
                """;

        @Test
        void anOverBroadClusterRoleAndABindingToClusterAdminAreDenied() throws Exception {
            JsonNode role = allowedResponse(client.post(Reviews.create(null, SECRETS_EVERYWHERE)));
            assertFalse(role.path("allowed").asBoolean(true), role.toString());
            assertTrue(role.path("status").path("message").asText().contains("rbac-secrets-read"), role.toString());
            JsonNode binding = allowedResponse(client.post(Reviews.create(null, """
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: ClusterRoleBinding
                    metadata: {name: ci-admin}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                    subjects: [{kind: ServiceAccount, name: ci, namespace: ci}]
                    """)));
            assertFalse(binding.path("allowed").asBoolean(true), binding.toString());
            assertTrue(binding.path("status").path("message").asText().contains("rbac-binding-cluster-admin"), binding.toString());
        }

        @Test
        void theAggregationControllerIsNeverBlocked() throws Exception {
            JsonNode response = allowedResponse(client.post(Reviews.review("UPDATE", null,
                    "system:serviceaccount:kube-system:clusterrole-aggregation-controller", List.of(), SECRETS_EVERYWHERE,
                    SECRETS_EVERYWHERE, false)));
            assertTrue(response.path("allowed").asBoolean(false), response.toString());
        }
    }

    @Nested
    class Exemptions {
        @Test
        void kubeSystemAndTheWebhooksOwnNamespaceAreExemptByDefault() throws Exception {
            for (String namespace : List.of("kube-system", "palisade")) {
                JsonNode response = allowedResponse(client.post(Reviews.create(namespace, POD.formatted("latest").replace("team-a", namespace))));
                assertTrue(response.path("allowed").asBoolean(false), namespace + ": " + response);
            }
        }

        @Test
        void configuredUsersAndGroupsAndTheControlPlaneAreExempt() throws Exception {
            for (String user : List.of("system:serviceaccount:ci:deployer", "system:serviceaccount:kube-system:clusterrole-aggregation-controller")) {
                JsonNode response = allowedResponse(client.post(Reviews.review("CREATE", "team-a", user, List.of(),
                        POD.formatted("latest"), null, false)));
                assertTrue(response.path("allowed").asBoolean(false), user + ": " + response);
            }
            JsonNode byGroup = allowedResponse(client.post(Reviews.review("CREATE", "team-a", "bob", List.of("platform-admins"),
                    POD.formatted("latest"), null, false)));
            assertTrue(byGroup.path("allowed").asBoolean(false));
            JsonNode otherUser = allowedResponse(client.post(Reviews.review("CREATE", "team-a", "bob", List.of("developers"),
                    POD.formatted("latest"), null, false)));
            assertFalse(otherUser.path("allowed").asBoolean(true));
        }

        @Test
        void thePerCheckAnnotationExemptsLikeTheLinter() throws Exception {
            String annotated = POD.formatted("latest").replace("metadata: {name: web, namespace: team-a}",
                    "metadata: {name: web, namespace: team-a, annotations: {ignore-check.palisade.dev/critical-floating-tag: \"canary\"}}");
            JsonNode response = allowedResponse(client.post(Reviews.create("team-a", annotated)));
            assertTrue(response.path("allowed").asBoolean(false), response.toString());
            assertTrue(client.get("/actuator/prometheus").raw()
                    .contains("palisade_admission_findings_total{application=\"palisade\",check=\"critical-floating-tag\",mode=\"exempted\"}"));
        }
    }

    @Nested
    class BadInput {
        @Test
        void malformedBodiesGet400WithAClearMessageAndTheServiceKeepsServing() throws Exception {
            assertBad("{not json", "invalid JSON");
            assertBad("", "empty body");
            assertBad("[1,2]", "expected a JSON object");
            assertBad("{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\",\"request\":{}}",
                    "only admission.k8s.io/v1 is served");
            assertBad("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"Pod\"}", "expected AdmissionReview");
            assertBad("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}", "no \"request\" object");
            assertBad("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"operation\":\"CREATE\"}}",
                    "request.uid is missing");
            assertBad("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"1\",\"operation\":\"CREATE\",\"kind\":{\"kind\":\"Pod\"}}}",
                    "request.object is missing");
            assertBad("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"apiVersion\":\"x\"}",
                    "invalid JSON: Duplicate field 'apiVersion'");
            String nested = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"1\","
                    + "\"operation\":\"CREATE\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"name\":\"b\"}}}}";
            assertEquals("invalid JSON: Duplicate field 'name'", error(nested));
            // The first fault is the one reported: the duplicate key, not what follows in its value.
            assertEquals("invalid JSON: Duplicate field 'a'", error("{\"a\":1,\"a\":{\"b\":}}"));
            assertEquals("invalid JSON: Duplicate field 'a'", error("{\"a\":1,\"a\":" + "[".repeat(60) + "1" + "]".repeat(60) + "}"));
            assertBad("[".repeat(5000) + "]".repeat(5000), "nested deeper than 50 levels");
            String huge = "{\"apiVersion\":\"admission.k8s.io/v1\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
            assertBad(huge, "larger than the limit of 65536 bytes");

            JsonNode response = allowedResponse(client.post(Reviews.create("team-a", POD.formatted("latest"))));
            assertFalse(response.path("allowed").asBoolean(true), "still serving after bad input");
            String metrics = client.get("/actuator/prometheus").raw();
            for (String reason : List.of("json", "body", "depth", "size", "version", "kind", "request", "uid", "object")) {
                assertTrue(metrics.contains("palisade_admission_errors_total{application=\"palisade\",reason=\"" + reason + "\"}"),
                        "metric for " + reason);
            }
        }

        private String error(String body) throws Exception {
            WebhookClient.Answer answer = client.post("/validate", body.getBytes(StandardCharsets.UTF_8));
            assertEquals(400, answer.status(), answer.raw());
            return answer.body().path("error").asText();
        }

        private void assertBad(String body, String expected) throws Exception {
            WebhookClient.Answer answer = client.post("/validate", body.getBytes(StandardCharsets.UTF_8));
            assertEquals(400, answer.status(), answer.raw());
            assertTrue(answer.body().path("error").asText().contains(expected), "expected \"" + expected + "\" in " + answer.raw());
            assertFalse(answer.raw().contains("at dev.palisade") || answer.raw().contains("Exception"), "no stack trace: " + answer.raw());
        }
    }

    @Nested
    class Operations {
        @Test
        void readinessLivenessAndPrometheusMetricsAreServed() throws Exception {
            client.post(Reviews.create("team-a", POD.formatted("latest")));
            assertEquals("UP", client.get("/actuator/health/readiness").body().path("status").asText());
            assertEquals("UP", client.get("/actuator/health/liveness").body().path("status").asText());
            String metrics = client.get("/actuator/prometheus").raw();
            assertTrue(metrics.contains("palisade_admission_requests_total{application=\"palisade\",kind=\"Pod\",operation=\"CREATE\",outcome=\"denied\"}"), metrics);
            assertTrue(metrics.contains("palisade_admission_findings_total{application=\"palisade\",check=\"critical-floating-tag\",mode=\"enforce\"}"));
            assertTrue(metrics.contains("palisade_admission_duration_seconds_bucket"));
        }

        @Test
        void unknownPathsGetAPlainErrorWithoutInternals() throws Exception {
            WebhookClient.Answer answer = client.get("/nothing-here");
            assertEquals(404, answer.status());
            assertFalse(answer.raw().contains("Exception"), answer.raw());
        }
    }

    static List<String> warnings(JsonNode response) {
        List<String> list = new java.util.ArrayList<>();
        response.path("warnings").forEach(w -> list.add(w.asText()));
        return list;
    }
}
