package dev.palisade.netpol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.PrintWriter;
import java.util.List;

/**
 * The matrix for people and for programs. Text: one grid per port, rows are sources, columns destinations
 * (numbered, with a legend), {@code .} allowed and {@code X} denied, as the upstream e2e truth table prints.
 * JSON: {@code {"cells":[{"from":"ns/pod","to":"ns/pod","port":80,"protocol":"TCP","allowed":true,"reason":"..."}]}}.
 */
public final class MatrixWriter {
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
                    boolean allowed = matrix.cell(from, to, portIndex).verdict().allowed();
                    denied += allowed ? 0 : 1;
                    grid.append(pad(allowed ? "." : "X", cellWidth));
                }
                grid.append('\n');
            }
            out.println(port + "  (rows: from, columns: to; . allowed, X denied; " + denied + " of "
                    + pods.size() * pods.size() + " denied)");
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
                json.writeBooleanField("allowed", cell.verdict().allowed());
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

    /** What decided one connection, and the resolved rules of both ends, for {@code --explain}. */
    public static void explain(PolicyModel model, PodEndpoint from, PodEndpoint to, ProbePort port, PrintWriter out) {
        Verdict verdict = model.evaluate(from, to, port.port(), port.protocol());
        out.println(from.key() + " -> " + to.key() + " on " + port + ": " + (verdict.allowed() ? "ALLOWED" : "DENIED"));
        for (String part : verdict.reason().split("; ")) {
            out.println("  " + part);
        }
        describe(model.rulesFor(from, Direction.EGRESS), out);
        describe(model.rulesFor(to, Direction.INGRESS), out);
    }

    private static void describe(PodRules rules, PrintWriter out) {
        out.println(rules.direction().lower() + " of " + rules.pod().key() + ": "
                + (rules.isolated() ? "isolated, policies in evaluation order:" : "not isolated (no policy selects it)"));
        for (ResolvedTier tier : rules.tiers()) {
            for (ResolvedPolicy policy : tier.policies()) {
                out.println("  tier " + tier.name() + ", order " + formatOrder(policy.order()) + ": " + policy.describe());
                for (ResolvedRule rule : policy.rules()) {
                    out.println("    " + rule.action() + " " + rule.description() + (rule.matches().isEmpty() ? ": matches nothing here" : ""));
                    for (RuleMatch match : rule.matches()) {
                        out.println("      " + match.port() + " " + match.peers());
                    }
                }
            }
        }
    }

    private static String formatOrder(double order) {
        return Double.isInfinite(order) ? "none (last)" : (order == Math.rint(order) ? String.valueOf((long) order) : String.valueOf(order));
    }

    private static String pad(String text, int width) {
        return " ".repeat(Math.max(0, width - text.length())) + text;
    }
}
