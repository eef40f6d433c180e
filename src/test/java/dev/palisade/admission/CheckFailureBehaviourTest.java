package dev.palisade.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Catalogue;
import dev.palisade.engine.Check;
import dev.palisade.engine.CheckDefinition;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.source.YamlText;
import dev.palisade.tls.CertificateFiles;
import dev.palisade.tls.CertificateIssuer;
import dev.palisade.tls.CertificateSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented failure behaviour: a check that throws, or an evaluation that outlives its budget, denies with
 * code 500 by default (fail closed) and allows with a warning under {@code onCheckError: allow}.
 */
class CheckFailureBehaviourTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: team-a}
            spec:
              containers: [{name: web, image: "web:1.0.0"}]
            """;

    @TempDir
    Path certificates;

    static Check check(String id, CheckTemplate.Evaluator evaluator) {
        CheckDefinition definition = CheckDefinition.parse(YamlText.parse("test", """
                id: %s
                category: test
                severity: low
                description: A check for failure tests.
                remediation: None.
                template: none
                """.formatted(id)), "test");
        return new Check(definition, evaluator);
    }

    static List<Check> withBrokenCheck() {
        List<Check> checks = new ArrayList<>(Catalogue.load(PalisadeConfig.empty()).selected("all"));
        checks.add(check("always-throws", (object, inventory, out) -> {
            throw new IllegalStateException("boom");
        }));
        return checks;
    }

    @Test
    void aThrowingCheckDeniesOverHttpsByDefault() throws Exception {
        CertificateSet set = new CertificateIssuer().issue("t", List.of("localhost"), List.of(), Duration.ofDays(1));
        new CertificateFiles(certificates).write(set);
        try (WebhookServer.Running server = WebhookServer.start(new WebhookOptions("127.0.0.1", 0, certificates,
                PalisadeConfig.empty(), true, "palisade", Duration.ofSeconds(5), null, withBrokenCheck()), "text")) {
            WebhookClient client = new WebhookClient(server.port(), List.of(set.ca()));
            WebhookClient.Answer answer = client.post(Reviews.create("team-a", POD));
            assertEquals(200, answer.status());
            JsonNode response = answer.response();
            assertFalse(response.path("allowed").asBoolean(true));
            assertEquals(500, response.path("status").path("code").asInt());
            String message = response.path("status").path("message").asText();
            assertTrue(message.contains("internal error in check always-throws"), message);
            assertTrue(message.contains("fail closed"), message);
            assertFalse(message.contains("boom") || message.contains("IllegalStateException"), "no internals to the user: " + message);
            assertTrue(client.get("/actuator/prometheus").raw().contains("palisade_admission_errors_total{application=\"palisade\",reason=\"check\"}"));
        }
    }

    @Test
    void onCheckErrorAllowAllowsWithAWarningNamingTheCheck() {
        AdmissionDecision decision = judge("admission: {onCheckError: allow}", withBrokenCheck());
        assertTrue(decision.allowed());
        assertEquals("error", decision.outcome());
        assertTrue(decision.warnings().stream().anyMatch(w -> w.contains("internal error in check always-throws")), decision.toString());
    }

    @Test
    void anEvaluationPastItsBudgetFailsClosed() throws Exception {
        List<Check> slow = List.of(check("slow", (object, inventory, out) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        CertificateSet set = new CertificateIssuer().issue("t", List.of("localhost"), List.of(), Duration.ofDays(1));
        new CertificateFiles(certificates).write(set);
        try (WebhookServer.Running server = WebhookServer.start(new WebhookOptions("127.0.0.1", 0, certificates,
                PalisadeConfig.parse("test.yaml", "admission: {timeBudget: 100ms}"), true, "palisade", Duration.ofSeconds(5),
                null, slow), "text")) {
            WebhookClient client = new WebhookClient(server.port(), List.of(set.ca()));
            long start = System.nanoTime();
            WebhookClient.Answer answer = client.post(Reviews.create("team-a", POD));
            assertTrue(System.nanoTime() - start < 8_000_000_000L, "answered by the budget, not after the check");
            assertEquals(200, answer.status(), answer.raw());
            JsonNode response = answer.response();
            assertFalse(response.path("allowed").asBoolean(true));
            assertEquals(500, response.path("status").path("code").asInt());
            assertTrue(response.path("status").path("message").asText().contains("did not finish within its 100 ms budget"),
                    answer.raw());
            assertTrue(client.get("/actuator/prometheus").raw().contains("palisade_admission_errors_total{application=\"palisade\",reason=\"budget\"}"));
        }
    }

    private static AdmissionDecision judge(String config, List<Check> checks) {
        AdmissionSettings settings = AdmissionSettings.from(PalisadeConfig.parse("test.yaml", config), "palisade");
        AdmissionJudge judge = new AdmissionJudge(checks, settings, ClusterView.offline(),
                new AdmissionMetrics(new SimpleMeterRegistry(), settings.timeBudget()));
        JsonNode request = WebhookClient.JSON.valueToTree(Reviews.body("uid-1", "CREATE", "team-a", "alice", List.of(), POD, null, false))
                .path("request");
        return judge.judge(new AdmissionRequest("uid-1", "CREATE", "Pod", "", "team-a", "web", "alice", List.of(),
                request.path("object"), null, false));
    }
}
