package dev.palisade.netpol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An expected reachability table over the conformance pods, built as upstream builds it: start from all allowed
 * or all denied, then set rows (from), columns (to) or cells. Self-pairs are not compared (upstream ignores them).
 */
final class TruthTable {
    private final List<String> keys = ConformanceCluster.keys();
    private final Map<String, Boolean> cells = new LinkedHashMap<>();

    TruthTable(boolean initial) {
        keys.forEach(f -> keys.forEach(t -> cells.put(f + ">" + t, initial)));
    }

    TruthTable set(String from, String to, boolean allowed) {
        cells.put(from + ">" + to, allowed);
        return this;
    }

    TruthTable from(String from, boolean allowed) {
        keys.forEach(t -> set(from, t, allowed));
        return this;
    }

    TruthTable to(String to, boolean allowed) {
        keys.forEach(f -> set(f, to, allowed));
        return this;
    }

    /** Every pod of a namespace as a destination. */
    TruthTable toNamespace(String ns, boolean allowed) {
        ConformanceCluster.PODS.forEach(p -> to(ns + "/" + p, allowed));
        return this;
    }

    TruthTable fromNamespace(String ns, boolean allowed) {
        ConformanceCluster.PODS.forEach(p -> from(ns + "/" + p, allowed));
        return this;
    }

    /** The cells where the model disagrees, in upstream's grid form; empty when they agree. */
    String differences(PolicyModel model, int port, Protocol protocol) {
        StringBuilder wrong = new StringBuilder();
        for (String from : keys) {
            for (String to : keys) {
                if (from.equals(to)) {
                    continue;
                }
                boolean expected = cells.get(from + ">" + to);
                Verdict verdict = model.evaluate(model.pod(from).orElseThrow(), model.pod(to).orElseThrow(), port, protocol);
                if (verdict.allowed() != expected) {
                    wrong.append(from).append(" -> ").append(to).append(" ").append(port).append('/').append(protocol)
                            .append(": expected ").append(expected ? "allowed" : "denied").append(", model says ")
                            .append(verdict.reason()).append('\n');
                }
            }
        }
        return wrong.toString();
    }
}
