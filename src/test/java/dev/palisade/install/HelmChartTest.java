package dev.palisade.install;

import static dev.palisade.install.Helm.at;
import static dev.palisade.install.Helm.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The chart rendered and linted by helm (built from its Go module), and its output linted by Palisade itself. */
class HelmChartTest {
    /** Base64 of a PEM block: the chart passes the bundle on as it is. */
    private static final String CA_BUNDLE =
            "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCm5vdCBwYXJzZWQgYnkgaGVsbQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==";
    private static final String SECRET_MODE = "certificates.source=secret,certificates.existingSecret=palisade-certs,"
            + "certificates.caBundle=" + CA_BUNDLE;
    private static final String EVERYTHING_ON = "enforcer.enabled=true,serviceMonitor.enabled=true";

    @TempDir
    Path work;

    @ParameterizedTest(name = "helm lint --strict with {0}")
    @ValueSource(strings = {"certificates.source=generate", SECRET_MODE, "certificates.source=cert-manager", EVERYTHING_ON})
    void helmLintPasses(String values) {
        Command.Result lint = Helm.run(Helm.arguments("lint", values));
        assertEquals(0, lint.exit(), lint.describe());
        assertTrue(lint.out().contains("0 chart(s) failed"), lint.describe());
    }

    @Test
    void generatedCertificatesAreTheOnesTheWebhookConfigurationTrusts() {
        List<Map<String, Object>> objects = Helm.objects(Helm.template());
        Map<String, Object> secret = ofKind(objects, "Secret").getFirst();
        assertEquals("kubernetes.io/tls", secret.get("type"));
        Object caBundle = at(webhookConfiguration(objects), "webhooks", 0, "clientConfig", "caBundle");
        assertEquals(at(secret, "data", "ca.crt"), caBundle, "the CA helm generated is the one the API server trusts");
        assertEquals("palisade-tls", secretVolume(objects));
    }

    @Test
    void anExistingSecretIsMountedAndItsCaBundleTrusted() {
        List<Map<String, Object>> objects = Helm.objects(Helm.template(SECRET_MODE));
        assertEquals(List.of(), ofKind(objects, "Secret"), "the chart makes no Secret of its own");
        assertEquals(CA_BUNDLE, at(webhookConfiguration(objects), "webhooks", 0, "clientConfig", "caBundle"));
        assertEquals("palisade-certs", secretVolume(objects));
    }

    @Test
    void certManagerIssuesThePairAndInjectsTheCa() {
        List<Map<String, Object>> objects = Helm.objects(Helm.template("certificates.source=cert-manager"));
        assertEquals(2, ofKind(objects, "Issuer").size(), "a self-signed root and a CA issuer on it");
        assertEquals(2, ofKind(objects, "Certificate").size(), "the CA and the serving certificate");
        Map<String, Object> configuration = webhookConfiguration(objects);
        assertEquals(Helm.NAMESPACE + "/palisade-serving", at(configuration, "metadata", "annotations", "cert-manager.io/inject-ca-from"));
        assertNull(at(configuration, "webhooks", 0, "clientConfig", "caBundle"), "cert-manager fills it in");
    }

    @Test
    void imagesAreRepositoryTagAndOptionalDigest() {
        String version = ProjectVersion.fromPom();
        List<Map<String, Object>> byDefault = Helm.objects(Helm.template(EVERYTHING_ON));
        assertEquals("ghcr.io/palisade-dev/palisade:" + version, image(byDefault, "Deployment"), "appVersion is the tag");
        assertEquals("ghcr.io/palisade-dev/palisade-enforcer:" + version, image(byDefault, "DaemonSet"));

        String digest = "sha256:" + "ab".repeat(32);
        List<Map<String, Object>> pinned = Helm.objects(Helm.template(EVERYTHING_ON, "image.repository=registry.example/palisade",
                "image.tag=1.2.3", "image.digest=" + digest, "enforcer.image.digest=" + digest));
        assertEquals("registry.example/palisade:1.2.3@" + digest, image(pinned, "Deployment"));
        assertEquals("ghcr.io/palisade-dev/palisade-enforcer:" + version + "@" + digest, image(pinned, "DaemonSet"));
    }

    @Test
    void enforcerTakesItsOwnValuesAndOnlyListsAndWatches() {
        List<Map<String, Object>> objects = Helm.objects(Helm.template("enforcer.enabled=true", "enforcer.vni=42",
                "enforcer.vxlanPort=8472", "enforcer.bridge=br-pods", "enforcer.denyAction=REJECT", "enforcer.logDenied=nflog"));
        Object args = at(ofKind(objects, "DaemonSet").getFirst(), "spec", "template", "spec", "containers", 0, "args");
        for (String flag : List.of("--vni=42", "--vxlan-port=8472", "--bridge=br-pods", "--deny-action=REJECT", "--log-denied=nflog")) {
            assertTrue(((List<?>) args).contains(flag), flag + " in " + args);
        }
        assertFalse(((List<?>) args).contains("--keep-established"), "denied flows are cut by default: " + args);
        Object keeping = at(ofKind(Helm.objects(Helm.template("enforcer.enabled=true", "enforcer.cutDeniedFlows=false")), "DaemonSet")
                .getFirst(), "spec", "template", "spec", "containers", 0, "args");
        assertTrue(((List<?>) keeping).contains("--keep-established"), "enforcer.cutDeniedFlows=false: " + keeping);
        Map<String, Object> role = ofKind(objects, "ClusterRole").stream()
                .filter(r -> at(r, "metadata", "name").equals("palisade-enforcer")).findFirst().orElseThrow();
        Set<Object> verbs = new TreeSet<>();
        ((List<?>) role.get("rules")).forEach(rule -> verbs.addAll((List<?>) at(rule, "verbs")));
        assertEquals(Set.of("list", "watch"), verbs, "informers list and watch; nothing gets or writes");
    }

    @Test
    void webhookSpreadsOverNodesAndZonesAndKeepsOneReplicaThroughDrains() {
        List<Map<String, Object>> objects = Helm.objects(Helm.template());
        List<?> spread = (List<?>) at(ofKind(objects, "Deployment").getFirst(), "spec", "template", "spec", "topologySpreadConstraints");
        assertEquals(List.of("kubernetes.io/hostname", "topology.kubernetes.io/zone"),
                spread.stream().map(c -> at(c, "topologyKey")).toList());
        Map<String, Object> budget = ofKind(objects, "PodDisruptionBudget").getFirst();
        assertEquals(1, at(budget, "spec", "maxUnavailable"));
        assertEquals(at(ofKind(objects, "Deployment").getFirst(), "spec", "selector", "matchLabels"),
                at(budget, "spec", "selector", "matchLabels"));
    }

    @Test
    void notesSayHowToSeeADenial() {
        Command.Result install = Helm.run(List.of("install", Helm.RELEASE, Helm.CHART, "--namespace", Helm.NAMESPACE, "--dry-run=client"));
        assertEquals(0, install.exit(), install.describe());
        assertTrue(install.out().contains("--privileged --dry-run=server"), install.describe());
        assertTrue(install.out().contains("denied the request"), install.describe());
    }

    /** Every rendering: no finding at any severity, and every exemption annotation used and explained. */
    @ParameterizedTest(name = "palisade lint of the chart with {0}")
    @ValueSource(strings = {"certificates.source=generate", SECRET_MODE, "certificates.source=cert-manager", EVERYTHING_ON,
            EVERYTHING_ON + ",networkPolicy.enabled=false"})
    void renderedChartPassesPalisadesOwnLint(String values) throws IOException {
        Path rendered = Files.writeString(work.resolve("chart.yaml"), Helm.template(values));
        Cli.Outcome atDefault = Cli.run("lint", rendered.toString());
        assertEquals(0, atDefault.exitCode(), "at the default threshold:\n" + atDefault.out() + atDefault.err());

        Cli.Outcome all = Cli.run("lint", "--format", "json", "--fail-on", "info", rendered.toString());
        JsonNode report = new ObjectMapper().readTree(all.out());
        if (!values.contains("networkPolicy.enabled=false")) {
            // Info findings only say that custom resources (ServiceMonitor, Certificate) were not schema-checked.
            List<JsonNode> aboveInfo = new java.util.ArrayList<>();
            report.path("findings").forEach(f -> {
                if (!f.path("severity").asText().equals("info")) {
                    aboveInfo.add(f);
                }
            });
            assertEquals(List.of(), aboveInfo, "no finding above info");
        }
        Set<String> used = new TreeSet<>();
        for (JsonNode exempted : report.path("exempted")) {
            assertTrue(exempted.path("exemptionReason").asText().length() > 20, "explained: " + exempted);
            used.add(exempted.path("object").path("name").asText() + " " + exempted.path("check").asText());
        }
        Set<String> declared = new TreeSet<>();
        for (Map<String, Object> object : Helm.objects(Files.readString(rendered))) {
            Object annotations = at(object, "metadata", "annotations");
            if (annotations instanceof Map<?, ?> map) {
                map.keySet().stream().map(Object::toString).filter(k -> k.startsWith("ignore-check.palisade.dev/"))
                        .forEach(k -> declared.add(at(object, "metadata", "name") + " " + k.substring(k.indexOf('/') + 1)));
            }
        }
        assertEquals(declared, used, "every exemption the chart declares is one a check needed");
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "replicas=two                     | at '/replicas': got string, want integer",
        "replicaCount=3                   | additional properties 'replicaCount' not allowed",
        "certificates.source=self-signed  | at '/certificates/source': value must be one of 'generate', 'secret', 'cert-manager'",
        "certificates.source=secret       | at '/certificates/caBundle': minLength",
        "webhook.timeoutSeconds=31        | at '/webhook/timeoutSeconds': maximum: got 31, want 30",
        "webhook.failurePolicy=Deny       | at '/webhook/failurePolicy'",
        "image.digest=latest              | at '/image/digest'",
        "enforcer.vni=0                   | at '/enforcer/vni': minimum: got 0, want 1",
        "enforcer.denyAction=ACCEPT       | at '/enforcer/denyAction': value must be one of 'DROP', 'REJECT'",
        "enforcer.bridge=a-very-long-bridge-name | at '/enforcer/bridge'",
        "enforcer.cutDeniedFlows=maybe    | at '/enforcer/cutDeniedFlows': got string, want boolean",
        "resources.limits.memory=lots     | at '/resources/limits/memory'",
    })
    void invalidValuesAreRefusedByTheSchemaWithThePath(String value, String message) {
        Command.Result template = Helm.run(Helm.arguments("template", value));
        assertNotEquals(0, template.exit(), template.describe());
        assertTrue(template.err().contains("values don't meet the specifications of the schema"), template.describe());
        assertTrue(template.err().contains(message), template.describe());
    }

    private static Map<String, Object> webhookConfiguration(List<Map<String, Object>> objects) {
        return ofKind(objects, "ValidatingWebhookConfiguration").getFirst();
    }

    private static Object secretVolume(List<Map<String, Object>> objects) {
        List<?> volumes = (List<?>) at(ofKind(objects, "Deployment").getFirst(), "spec", "template", "spec", "volumes");
        return volumes.stream().filter(v -> "certs".equals(at(v, "name"))).map(v -> at(v, "secret", "secretName")).findFirst().orElseThrow();
    }

    private static Object image(List<Map<String, Object>> objects, String kind) {
        return at(ofKind(objects, kind).getFirst(), "spec", "template", "spec", "containers", 0, "image");
    }
}
