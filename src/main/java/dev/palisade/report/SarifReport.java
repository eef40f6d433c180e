package dev.palisade.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Check;
import dev.palisade.engine.CheckDefinition;
import dev.palisade.engine.Finding;
import dev.palisade.engine.Severity;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * SARIF 2.1.0 (OASIS) as GitHub code scanning reads it: one run; every check that ran as a rule with short and full
 * description, help text and markdown, help URI, default level and {@code security-severity}; one result per finding
 * with a relative file URI (against {@code %SRCROOT%}, the folder palisade ran in: run it from the repository root),
 * its start line and a fingerprint that survives line moves; exempted findings as results with an in-source
 * suppression carrying the reason; unreadable input and failed checks as tool execution notifications.
 */
final class SarifReport {
    static final String SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    static final String SOURCE_ROOT = "%SRCROOT%";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    void write(LintRun run, PrintStream out) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode sarifRun = root.putArray("runs").addObject();
        ObjectNode driver = sarifRun.putObject("tool").putObject("driver");
        driver.put("name", "palisade");
        driver.put("semanticVersion", "0.1.0");
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new HashMap<>();
        for (Check check : run.checks()) {
            ruleIndex.put(check.id(), rules.size());
            rules.add(rule(check.definition()));
        }
        ArrayNode results = sarifRun.putArray("results");
        for (Finding finding : run.findings()) {
            results.add(result(finding, ruleIndex));
        }
        for (Finding finding : run.exempted()) {
            ObjectNode result = result(finding, ruleIndex);
            results.add(result);
            result.putArray("suppressions").addObject()
                    .put("kind", "inSource")
                    .put("status", "accepted")
                    .put("justification", finding.exemptedBy());
        }
        ObjectNode invocation = sarifRun.putArray("invocations").addObject();
        invocation.put("executionSuccessful", run.inputErrors().isEmpty() && run.failures().isEmpty());
        ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
        run.inputErrors().forEach(e -> {
            ObjectNode n = notifications.addObject();
            n.put("level", "error");
            n.putObject("message").put("text", e.toString());
            if (!e.file().equals("-")) {
                ObjectNode physical = n.putArray("locations").addObject().putObject("physicalLocation");
                artifact(physical, e.file());
                if (e.line() > 0) {
                    physical.putObject("region").put("startLine", e.line());
                }
            }
        });
        run.failures().forEach(e -> notifications.addObject().put("level", "error").putObject("message").put("text", e.toString()));
        try {
            out.println(MAPPER.writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode rule(CheckDefinition definition) {
        ObjectNode rule = MAPPER.createObjectNode();
        rule.put("id", definition.id());
        rule.put("name", camel(definition.id()));
        rule.putObject("shortDescription").put("text", firstSentence(definition.description()));
        rule.putObject("fullDescription").put("text", definition.description());
        ObjectNode help = rule.putObject("help");
        help.put("text", definition.description() + "\nRemediation: " + definition.remediation());
        help.put("markdown", "**" + definition.id() + "** (" + definition.category() + ", " + definition.severity().label()
                + ")\n\n" + definition.description() + "\n\n**Remediation:** " + definition.remediation()
                + (definition.docs().isEmpty() ? "" : "\n\n[Documentation](" + definition.docs() + ")"));
        if (!definition.docs().isEmpty()) {
            rule.put("helpUri", definition.docs());
        }
        rule.putObject("defaultConfiguration").put("level", level(definition.severity()));
        ObjectNode properties = rule.putObject("properties");
        properties.putArray("tags").add("security").add(definition.category());
        properties.put("security-severity", securitySeverity(definition.severity()));
        properties.put("precision", "high");
        return rule;
    }

    private static ObjectNode result(Finding finding, Map<String, Integer> ruleIndex) {
        ObjectNode result = MAPPER.createObjectNode();
        result.put("ruleId", finding.check());
        Integer index = ruleIndex.get(finding.check());
        if (index != null) {
            result.put("ruleIndex", index);
        }
        result.put("level", level(finding.severity()));
        result.putObject("message").put("text", finding.object() + ": " + finding.message()
                + (finding.path().isEmpty() ? "" : " (" + finding.path() + ")"));
        String file = finding.file() == null || finding.file().isEmpty() || finding.file().equals("-") ? "stdin" : finding.file();
        ObjectNode location = result.putArray("locations").addObject();
        ObjectNode physical = location.putObject("physicalLocation");
        artifact(physical, file);
        physical.putObject("region").put("startLine", Math.max(1, finding.line()));
        location.putArray("logicalLocations").addObject()
                .put("name", finding.object().name())
                .put("fullyQualifiedName", finding.object() + (finding.path().isEmpty() ? "" : "/" + finding.path()))
                .put("kind", "object");
        result.putObject("partialFingerprints").put("palisade/v1",
                finding.check() + ":" + finding.object() + ":" + finding.path());
        return result;
    }

    private static void artifact(ObjectNode physicalLocation, String file) {
        ObjectNode artifact = physicalLocation.putObject("artifactLocation");
        String uri = uri(file);
        artifact.put("uri", uri);
        if (!uri.startsWith("file:")) {
            artifact.put("uriBaseId", SOURCE_ROOT);
        }
    }

    /** A relative URI with forward slashes and percent-escapes, as code scanning matches against the repository. */
    static String uri(String file) {
        String normal = Path.of(file).normalize().toString().replace('\\', '/');
        if (normal.startsWith("/")) {
            return Path.of(normal).toUri().toString();
        }
        try {
            return new URI(null, null, normal, null).toASCIIString();
        } catch (java.net.URISyntaxException e) {
            return normal;
        }
    }

    static String level(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    /** GitHub's security-severity scale: 9.0+ critical, 7.0+ high, 4.0+ medium, above 0 low. */
    static String securitySeverity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "1.0";
        };
    }

    private static String camel(String id) {
        StringBuilder name = new StringBuilder();
        for (String part : id.split("-")) {
            if (!part.isEmpty()) {
                name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return name.toString();
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text.strip() : text.substring(0, end + 1);
    }
}
