package dev.palisade.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Finding;
import dev.palisade.engine.Severity;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code {"findings":[{"check","category","severity","object":{...},"path","file","line","message","remediation"}],
 * "exempted":[...], "errors":[...], "summary":{...}}}.
 */
final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    void write(LintRun run, PrintStream out) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode findings = root.putArray("findings");
        run.findings().forEach(f -> findings.add(finding(f)));
        ArrayNode exempted = root.putArray("exempted");
        run.exempted().forEach(f -> exempted.add(finding(f).put("exemptionReason", f.exemptedBy())));
        ArrayNode errors = root.putArray("errors");
        run.inputErrors().forEach(e -> errors.addObject().put("file", e.file()).put("line", e.line()).put("message", e.message()));
        run.failures().forEach(e -> errors.addObject().put("file", e.file()).put("line", e.line())
                .put("check", e.check()).put("message", e.toString()));
        ObjectNode summary = root.putObject("summary");
        summary.put("objects", run.objects());
        summary.put("findings", run.findings().size());
        ObjectNode bySeverity = summary.putObject("bySeverity");
        for (Map.Entry<Severity, Integer> e : run.countsBySeverity().entrySet().stream().toList().reversed()) {
            bySeverity.put(e.getKey().label(), e.getValue());
        }
        summary.put("exempted", run.exempted().size());
        summary.put("errors", run.inputErrors().size() + run.failures().size());
        summary.put("failOn", run.failOn().label());
        summary.put("failing", run.failing());
        summary.put("exitCode", run.exitCode());
        try {
            out.println(MAPPER.writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode finding(Finding f) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("check", f.check());
        node.put("category", f.category());
        node.put("severity", f.severity().label());
        ObjectNode object = node.putObject("object");
        object.put("apiVersion", f.object().apiVersion());
        object.put("kind", f.object().kind());
        object.put("namespace", f.object().namespace());
        object.put("name", f.object().name());
        node.put("path", f.path());
        node.put("file", f.file());
        node.put("line", f.line());
        node.put("message", f.message());
        node.put("remediation", f.remediation());
        if (f.docs() != null && !f.docs().isEmpty()) {
            node.put("docs", f.docs());
        }
        return node;
    }
}
