package dev.palisade.netpol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.palisade.report.Html;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The matrix for people and for programs. Text: one grid per port, rows are sources, columns destinations
 * (numbered, with a legend), {@code .} allowed and {@code X} denied, as the upstream e2e truth table prints, and
 * {@code ?} where the answer depends on an address the model does not know (a workload template's).
 * JSON: {@code {"cells":[{"from":"ns/pod","to":"ns/pod","port":80,"protocol":"TCP","allowed":true,"reason":"..."}]}},
 * {@code "allowed": null} for "depends on the address".
 * HTML: one self-contained page, a colour map per port (green allowed, red denied, amber depends) whose cells
 * explain themselves on click.
 */
public final class MatrixWriter {
    private static final String HTML_STYLE = """
            table.matrix td{width:18px;height:18px;padding:0;cursor:pointer}
            table.matrix td.allowed{background:var(--ok)}table.matrix td.denied{background:var(--high)}
            table.matrix td.depends{background:#f9a825}
            table.matrix td.selected{outline:3px solid #212121}
            table.matrix th{font-weight:normal;font-size:12px;white-space:nowrap}
            #explanation{white-space:pre-wrap;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
            """;

    private static final String HTML_SCRIPT = """
            (function () {
              var data = JSON.parse(document.getElementById('matrix-data').textContent);
              var panel = document.getElementById('explanation');
              document.querySelectorAll('table.matrix').forEach(function (table) {
                table.addEventListener('click', function (event) {
                  var cell = event.target.closest('td');
                  if (!cell) { return; }
                  document.querySelectorAll('td.selected').forEach(function (c) { c.classList.remove('selected'); });
                  cell.classList.add('selected');
                  var from = data.pods[cell.parentElement.rowIndex - 1], to = data.pods[cell.cellIndex - 1];
                  panel.textContent = from + ' -> ' + to + ' on ' + table.dataset.port + ': '
                      + (cell.classList.contains('allowed') ? 'ALLOWED' : cell.classList.contains('depends')
                          ? 'DEPENDS ON THE ADDRESS' : 'DENIED') + '\\n'
                      + data.reasons[Number(cell.dataset.r)].split('; ').join('\\n');
                });
              });
            })();
            """;

    private MatrixWriter() {}

    public static void text(ConnectivityMatrix matrix, PrintWriter out) {
        List<PodEndpoint> pods = matrix.pods();
        if (pods.isEmpty()) {
            out.println("no pods or workloads in the input: nothing to tabulate");
            return;
        }
        int nameWidth = pods.stream().mapToInt(p -> p.key().length()).max().orElse(0);
        int cellWidth = String.valueOf(pods.size()).length() + 1;
        for (int portIndex = 0; portIndex < matrix.ports().size(); portIndex++) {
            ProbePort port = matrix.ports().get(portIndex);
            int denied = 0;
            int depends = 0;
            StringBuilder grid = new StringBuilder();
            grid.append(" ".repeat(nameWidth + cellWidth + 4)).append("to");
            grid.append('\n').append(" ".repeat(nameWidth + cellWidth + 3));
            for (int i = 0; i < pods.size(); i++) {
                grid.append(pad(String.valueOf(i + 1), cellWidth));
            }
            grid.append('\n');
            for (int from = 0; from < pods.size(); from++) {
                grid.append(pad(String.valueOf(from + 1), cellWidth)).append(' ')
                        .append(String.format("%-" + nameWidth + "s", pods.get(from).key())).append("  ");
                for (int to = 0; to < pods.size(); to++) {
                    Verdict verdict = matrix.cell(from, to, portIndex).verdict();
                    denied += verdict.denied() ? 1 : 0;
                    depends += verdict.depends() ? 1 : 0;
                    grid.append(pad(mark(verdict), cellWidth));
                }
                grid.append('\n');
            }
            out.println(port + "  (rows: from, columns: to; . allowed, X denied" + (depends > 0 ? ", ? depends on the address" : "")
                    + "; " + denied + " of " + pods.size() * pods.size() + " denied"
                    + (depends > 0 ? ", " + depends + " depend on addresses the input does not give" : "") + ")");
            out.print(grid);
            out.println();
        }
    }

    /** Streams the cells: a million-cell matrix never sits in memory as a JSON tree. */
    public static void json(ConnectivityMatrix matrix, PrintWriter out) {
        JsonFactory factory = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeArrayFieldStart("cells");
            for (ConnectivityMatrix.Cell cell : matrix.cells()) {
                json.writeStartObject();
                json.writeStringField("from", cell.from().key());
                json.writeStringField("to", cell.to().key());
                json.writeNumberField("port", cell.port().port());
                json.writeStringField("protocol", cell.port().protocol().name());
                if (cell.verdict().depends()) {
                    json.writeNullField("allowed");
                } else {
                    json.writeBooleanField("allowed", cell.verdict().allowed());
                }
                json.writeStringField("reason", cell.verdict().reason());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the matrix as JSON: " + e.getMessage(), e);
        }
        out.println();
    }

    /**
     * The matrix as a colour map, one grid per port. Every cell's reason is on the page (distinct reasons stored once
     * in a JSON block, each cell naming its reason by index), so a click explains it without a server.
     */
    public static void html(ConnectivityMatrix matrix, PrintWriter out) {
        List<PodEndpoint> pods = matrix.pods();
        Map<String, Integer> reasons = new LinkedHashMap<>();
        StringBuilder body = new StringBuilder("<header><h1>Palisade network-policy matrix</h1><div>")
                .append(pods.size()).append(pods.size() == 1 ? " pod or workload" : " pods or workloads").append(", ")
                .append(matrix.ports().size()).append(matrix.ports().size() == 1 ? " port" : " ports")
                .append(" · rows: from, columns: to · click a cell for its explanation</div></header>\n<main>\n")
                .append("<div class=\"filters\" id=\"explanation\">Click a cell.</div>\n");
        if (pods.isEmpty()) {
            body.append("<p>No pods or workloads in the input: nothing to tabulate.</p>\n");
        }
        for (int portIndex = 0; portIndex < matrix.ports().size() && !pods.isEmpty(); portIndex++) {
            ProbePort port = matrix.ports().get(portIndex);
            body.append("<h2>").append(Html.escape(port.toString())).append("</h2>\n<table class=\"matrix\" data-port=\"")
                    .append(Html.escape(port.toString())).append("\"><tr><th></th>");
            for (int to = 0; to < pods.size(); to++) {
                body.append("<th title=\"").append(Html.escape(pods.get(to).key())).append("\">").append(to + 1).append("</th>");
            }
            body.append("</tr>\n");
            for (int from = 0; from < pods.size(); from++) {
                body.append("<tr><th>").append(from + 1).append(' ').append(Html.escape(pods.get(from).key())).append("</th>");
                for (int to = 0; to < pods.size(); to++) {
                    Verdict verdict = matrix.cell(from, to, portIndex).verdict();
                    int reason = reasons.computeIfAbsent(verdict.reason(), r -> reasons.size());
                    body.append("<td class=\"").append(verdict.allowed() ? "allowed" : verdict.depends() ? "depends" : "denied")
                            .append("\" data-r=\"")
                            .append(reason).append("\"></td>");
                }
                body.append("</tr>\n");
            }
            body.append("</table>\n");
        }
        body.append("<script type=\"application/json\" id=\"matrix-data\">")
                .append(Html.scriptJson(jsonArrays(pods.stream().map(PodEndpoint::key).toList(), List.copyOf(reasons.keySet()))))
                .append("</script>\n</main>");
        out.print(Html.page("Palisade network-policy matrix", HTML_STYLE, body.toString(), HTML_SCRIPT));
        out.flush();
    }

    private static String jsonArrays(List<String> pods, List<String> reasons) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            json.writeStartObject();
            json.writeArrayFieldStart("pods");
            for (String pod : pods) {
                json.writeString(pod);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("reasons");
            for (String reason : reasons) {
                json.writeString(reason);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return text.toString();
    }

    /** What decided one connection, and the resolved rules of both ends, for {@code --explain}. */
    public static void explain(PolicyModel model, PodEndpoint from, PodEndpoint to, ProbePort port, PrintWriter out) {
        Verdict verdict = model.evaluate(from, to, port.port(), port.protocol());
        out.println(from.key() + " -> " + to.key() + " on " + port + ": " + verdict.word());
        for (String part : verdict.reason().split("; ")) {
            out.println("  " + part);
        }
        if (from.podIP() == null || to.podIP() == null) {
            List<String> cidrs = model.snapshot().podCidrs();
            out.println("pod CIDRs (where workload pods get their addresses): " + (cidrs.isEmpty()
                    ? "none given (--pod-cidr, or networkPolicy.podCidrs in .palisade.yaml); ipBlock and nets rules then depend on the address"
                    : String.join(", ", cidrs)));
        }
        describe(model.rulesFor(from, Direction.EGRESS), out);
        describe(model.rulesFor(to, Direction.INGRESS), out);
    }

    private static void describe(PodRules rules, PrintWriter out) {
        out.println(rules.direction().lower() + " of " + rules.pod().key() + ": "
                + (rules.isolated() ? "isolated, policies in evaluation order:" : "not isolated (no policy selects it)"));
        for (ResolvedTier tier : rules.tiers()) {
            for (ResolvedPolicy policy : tier.policies()) {
                out.println("  tier " + tier.name() + (tier.passesAtEnd() ? " (default action Pass)" : "") + ", order "
                        + formatOrder(policy.order()) + ": " + policy.describe());
                for (ResolvedRule rule : policy.rules()) {
                    out.println("    " + rule.action() + " " + rule.description() + (rule.matches().isEmpty() ? ": matches nothing here" : ""));
                    for (RuleMatch match : rule.matches()) {
                        out.println("      " + match.port() + " " + match.peers());
                    }
                }
            }
        }
    }

    private static String mark(Verdict verdict) {
        return verdict.allowed() ? "." : verdict.depends() ? "?" : "X";
    }

    private static String formatOrder(double order) {
        return Double.isInfinite(order) ? "none (last)" : (order == Math.rint(order) ? String.valueOf((long) order) : String.valueOf(order));
    }

    private static String pad(String text, int width) {
        return " ".repeat(Math.max(0, width - text.length())) + text;
    }
}
