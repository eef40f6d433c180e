package dev.palisade.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.Finding;
import dev.palisade.engine.Severity;
import dev.palisade.report.LintRun;
import dev.palisade.source.KubeObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An audit's findings as {@code wgpolicyk8s.io/v1alpha2} reports, the format Kyverno and Gatekeeper's exporters write:
 * one {@code PolicyReport} per namespace with audited objects, one {@code ClusterPolicyReport} for cluster-scoped
 * objects. A result per finding: policy = check id, rule = the field path (or the check id), category, severity,
 * result {@code fail} (at or above the run's fail-on threshold), {@code warn} (below it) or {@code skip} (exempted by
 * annotation), the resource reference, the message and the run's timestamp. Clean objects are counted in
 * {@code summary.pass} and carry no result, which keeps reports small.
 *
 * <p>Size: a report holds at most {@value #MAX_RESULTS} results and about {@value #MAX_BYTES} bytes of them, well under
 * the API server's 1.5 MiB object limit; more make further parts named {@code palisade-2}, {@code palisade-3}, ...
 * (results sorted by resource, so a part changes only where its resources do). Names are fixed by namespace and part,
 * so a rerun updates in place and never adds a copy. Cost: O(results log results).
 */
public final class PolicyReports {
    public static final String API_VERSION = "wgpolicyk8s.io/v1alpha2";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "palisade";
    static final String NAME = "palisade";
    static final int MAX_RESULTS = 1000;
    static final int MAX_BYTES = 700 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyReports() {}

    /** A report to write: kind (PolicyReport or ClusterPolicyReport), namespace ("" for cluster), name and body. */
    public record Report(String kind, String namespace, String name, ObjectNode body) {
        String key() {
            return kind + "/" + namespace + "/" + name;
        }
    }

    /**
     * @param judged the objects the run judged (for pass counts and resource uids)
     */
    public static List<Report> build(LintRun run, List<KubeObject> judged, Instant now) {
        Map<String, List<ObjectNode>> resultsByNamespace = new TreeMap<>();
        Map<String, Integer> objectsByNamespace = new TreeMap<>();
        Map<String, Integer> dirtyByNamespace = new HashMap<>();
        Map<String, String> uids = new HashMap<>();
        for (KubeObject object : judged) {
            objectsByNamespace.merge(object.namespace(), 1, Integer::sum);
            uids.put(object.ref().toString(), object.root().path("metadata").path("uid").asText(""));
        }
        Map<String, Boolean> dirtyObjects = new HashMap<>();
        List<Finding> all = new ArrayList<>(run.findings());
        all.addAll(run.exempted());
        for (Finding finding : all) {
            String result = finding.exempted() ? "skip" : finding.severity().atLeast(run.failOn()) ? "fail" : "warn";
            resultsByNamespace.computeIfAbsent(finding.object().namespace(), n -> new ArrayList<>())
                    .add(result(finding, result, uids.getOrDefault(finding.object().toString(), ""), now));
            if (dirtyObjects.put(finding.object().toString(), true) == null) {
                dirtyByNamespace.merge(finding.object().namespace(), 1, Integer::sum);
            }
        }
        List<Report> reports = new ArrayList<>();
        for (Map.Entry<String, Integer> namespace : objectsByNamespace.entrySet()) {
            List<ObjectNode> results = new ArrayList<>(resultsByNamespace.getOrDefault(namespace.getKey(), List.of()));
            results.sort(Comparator.comparing((ObjectNode r) -> r.path("resources").path(0).path("kind").asText())
                    .thenComparing(r -> r.path("resources").path(0).path("name").asText())
                    .thenComparing(r -> r.path("policy").asText()).thenComparing(r -> r.path("rule").asText()));
            int pass = namespace.getValue() - dirtyByNamespace.getOrDefault(namespace.getKey(), 0);
            reports.addAll(parts(namespace.getKey(), results, pass));
        }
        return reports;
    }

    private static List<Report> parts(String namespace, List<ObjectNode> results, int pass) {
        List<List<ObjectNode>> parts = new ArrayList<>();
        List<ObjectNode> current = new ArrayList<>();
        int bytes = 0;
        for (ObjectNode result : results) {
            int size = result.toString().getBytes(StandardCharsets.UTF_8).length;
            if (!current.isEmpty() && (current.size() == MAX_RESULTS || bytes + size > MAX_BYTES)) {
                parts.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(result);
            bytes += size;
        }
        parts.add(current);
        List<Report> reports = new ArrayList<>();
        String kind = namespace.isEmpty() ? "ClusterPolicyReport" : "PolicyReport";
        for (int i = 0; i < parts.size(); i++) {
            String name = i == 0 ? NAME : NAME + "-" + (i + 1);
            ObjectNode body = JSON.createObjectNode();
            body.put("apiVersion", API_VERSION);
            body.put("kind", kind);
            ObjectNode metadata = body.putObject("metadata");
            metadata.put("name", name);
            if (!namespace.isEmpty()) {
                metadata.put("namespace", namespace);
            }
            metadata.putObject("labels").put(MANAGED_BY, MANAGER);
            ObjectNode summary = body.putObject("summary");
            int fail = 0;
            int warn = 0;
            int skip = 0;
            for (ObjectNode result : parts.get(i)) {
                switch (result.path("result").asText()) {
                    case "fail" -> fail++;
                    case "warn" -> warn++;
                    default -> skip++;
                }
            }
            summary.put("pass", i == 0 ? pass : 0).put("fail", fail).put("warn", warn).put("error", 0).put("skip", skip);
            ArrayNode array = body.putArray("results");
            parts.get(i).forEach(array::add);
            reports.add(new Report(kind, namespace, name, body));
        }
        return reports;
    }

    private static ObjectNode result(Finding finding, String result, String uid, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("source", MANAGER);
        node.put("policy", finding.check());
        node.put("rule", finding.path().isEmpty() ? finding.check() : finding.path());
        node.put("category", finding.category());
        node.put("severity", severity(finding.severity()));
        node.put("result", result);
        node.put("scored", true);
        node.put("message", finding.message().length() > 1000 ? finding.message().substring(0, 999) + "…" : finding.message());
        ObjectNode resource = node.putArray("resources").addObject();
        resource.put("apiVersion", finding.object().apiVersion());
        resource.put("kind", finding.object().kind());
        if (!finding.object().namespace().isEmpty()) {
            resource.put("namespace", finding.object().namespace());
        }
        resource.put("name", finding.object().name());
        if (!uid.isEmpty()) {
            resource.put("uid", uid);
        }
        node.putObject("timestamp").put("seconds", now.getEpochSecond()).put("nanos", 0);
        if (finding.exempted()) {
            node.putObject("properties").put("exemption", finding.exemptedBy());
        }
        return node;
    }

    private static String severity(Severity severity) {
        return severity.label();
    }

    /** The body without timestamps: what decides whether an existing report must be rewritten. */
    static JsonNode withoutTimestamps(JsonNode body) {
        ObjectNode copy = JSON.createObjectNode();
        copy.set("summary", body.path("summary"));
        ArrayNode results = copy.putArray("results");
        for (JsonNode result : body.path("results")) {
            ObjectNode r = result.deepCopy();
            r.remove("timestamp");
            results.add(r);
        }
        return copy;
    }
}
