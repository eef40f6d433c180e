package dev.palisade.enforcer;

import dev.palisade.netpol.PolicyModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The truth a case file states by hand, in the style of the network-policy-api conformance tests, as comment lines:
 * {@code # expect: FROM -> TO:PORT/PROTOCOL allowed|denied (why)}, where FROM and TO are {@code namespace/pod}
 * with {@code *} for any, PORT is 80, 81 or {@code *}, PROTOCOL TCP, UDP or {@code *}. Every probe a line covers
 * must agree with it, in the packets and in the model: the model is not its own referee.
 */
final class CaseExpectations {
    private static final Pattern LINE = Pattern.compile(
            "#\\s*expect:\\s*(\\S+)/(\\S+)\\s*->\\s*(\\S+)/([^:\\s]+):(\\S+)/(\\S+)\\s+(allowed|denied)\\b.*");

    private CaseExpectations() {
    }

    /** How many expectation lines the case states. */
    static long count(String yaml) {
        return yaml.lines().filter(line -> line.startsWith("# expect:")).count();
    }

    /** Every disagreement with the stated lines; a line that covers no probe is one too (a typo proves nothing). */
    static List<String> violations(String yaml, Map<Prober.Probe, Boolean> results, PolicyModel model) {
        List<String> wrong = new ArrayList<>();
        for (String line : yaml.lines().filter(l -> l.startsWith("# expect:")).toList()) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                wrong.add("cannot read: " + line);
                continue;
            }
            boolean allowed = m.group(7).equals("allowed");
            int covered = 0;
            for (var result : results.entrySet()) {
                Prober.Probe probe = result.getKey();
                if (!matches(m.group(1), probe.from().namespace()) || !matches(m.group(2), probe.from().name())
                        || !matches(m.group(3), probe.to().namespace()) || !matches(m.group(4), probe.to().name())
                        || !matches(m.group(5), String.valueOf(probe.port())) || !matches(m.group(6), probe.protocol().name())) {
                    continue;
                }
                covered++;
                if (result.getValue() != allowed) {
                    wrong.add(probe + ": packets " + (result.getValue() ? "connected" : "blocked") + ", expected " + m.group(7) + " by: " + line);
                }
                var verdict = model.evaluate(model.pod(probe.from().key()).orElseThrow(), model.pod(probe.to().key()).orElseThrow(),
                        probe.port(), probe.protocol());
                if (verdict.allowed() != allowed) {
                    wrong.add(probe + ": model says " + verdict + ", expected " + m.group(7) + " by: " + line);
                }
            }
            if (covered == 0) {
                wrong.add("covers no probe: " + line);
            }
        }
        return wrong;
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }
}
