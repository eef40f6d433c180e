package dev.palisade.report;

import dev.palisade.engine.Check;
import dev.palisade.engine.Finding;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JUnit XML as CI systems render it ({@code testsuites/testsuite/testcase} with {@code failure}, {@code skipped},
 * {@code error}): a test suite per check that ran; a failing test case per finding, named after the object and field
 * so that names are unique within a suite (CI systems merge cases of the same name), with file and line as
 * attributes (the pytest/GitLab shape) and the text report's line plus remediation in the body; a passing case for a
 * check with no findings; exempted findings as skipped with the reason; unreadable input and failed checks as errors
 * of an "input" suite.
 */
final class JunitReport {

    void write(LintRun run, PrintStream out) {
        Map<String, List<Finding>> byCheck = new LinkedHashMap<>();
        run.checks().forEach(c -> byCheck.put(c.id(), new ArrayList<>()));
        run.findings().forEach(f -> byCheck.computeIfAbsent(f.check(), k -> new ArrayList<>()).add(f));
        Map<String, List<Finding>> exemptedByCheck = new LinkedHashMap<>();
        run.exempted().forEach(f -> exemptedByCheck.computeIfAbsent(f.check(), k -> new ArrayList<>()).add(f));

        int errors = run.inputErrors().size() + run.failures().size();
        int tests = errors;
        for (Map.Entry<String, List<Finding>> e : byCheck.entrySet()) {
            tests += Math.max(1, e.getValue().size()) + exemptedByCheck.getOrDefault(e.getKey(), List.of()).size();
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuites name=\"palisade\" tests=\"").append(tests).append("\" failures=\"")
                .append(run.findings().size()).append("\" errors=\"").append(errors).append("\" skipped=\"")
                .append(run.exempted().size()).append("\">\n");
        if (errors > 0) {
            xml.append("  <testsuite name=\"input\" tests=\"").append(errors).append("\" failures=\"0\" errors=\"")
                    .append(errors).append("\" skipped=\"0\">\n");
            run.inputErrors().forEach(e -> xml.append("    <testcase classname=\"input\" name=\"")
                    .append(escape(e.line() > 0 ? e.file() + ":" + e.line() : e.file()))
                    .append("\">\n      <error message=\"").append(escape(e.message())).append("\">")
                    .append(escape(e.toString())).append("</error>\n    </testcase>\n"));
            run.failures().forEach(e -> xml.append("    <testcase classname=\"input\" name=\"")
                    .append(escape(e.check() + " on " + e.object()))
                    .append("\">\n      <error message=\"").append(escape(e.message())).append("\">")
                    .append(escape(e.toString())).append("</error>\n    </testcase>\n"));
            xml.append("  </testsuite>\n");
        }
        Map<String, Check> checks = new LinkedHashMap<>();
        run.checks().forEach(c -> checks.put(c.id(), c));
        for (Map.Entry<String, List<Finding>> e : byCheck.entrySet()) {
            String id = e.getKey();
            List<Finding> failed = e.getValue();
            List<Finding> skipped = exemptedByCheck.getOrDefault(id, List.of());
            int suiteTests = Math.max(1, failed.size()) + skipped.size();
            xml.append("  <testsuite name=\"").append(escape(id)).append("\" tests=\"").append(suiteTests)
                    .append("\" failures=\"").append(failed.size()).append("\" errors=\"0\" skipped=\"")
                    .append(skipped.size()).append("\">\n");
            if (failed.isEmpty()) {
                xml.append("    <testcase classname=\"").append(escape(id)).append("\" name=\"no findings\"/>\n");
            }
            for (Finding f : failed) {
                xml.append("    <testcase classname=\"").append(escape(id)).append("\" name=\"")
                        .append(escape(caseName(f))).append("\"")
                        .append(f.file() == null || f.file().isEmpty() ? "" : " file=\"" + escape(f.file()) + "\"")
                        .append(f.line() > 0 ? " line=\"" + f.line() + "\"" : "").append(">\n");
                xml.append("      <failure message=\"").append(escape(f.message())).append("\" type=\"")
                        .append(f.severity().label()).append("\">")
                        .append(escape((f.location().isEmpty() ? "" : f.location() + ": ") + f.severity().label() + " "
                                + f.check() + " " + f.object() + ": " + f.message()
                                + (f.path().isEmpty() ? "" : "\nfield: " + f.path()) + "\nremediation: " + f.remediation()))
                        .append("</failure>\n    </testcase>\n");
            }
            for (Finding f : skipped) {
                xml.append("    <testcase classname=\"").append(escape(id)).append("\" name=\"")
                        .append(escape(caseName(f))).append("\">\n      <skipped message=\"exempted: ")
                        .append(escape(f.exemptedBy())).append("\"/>\n    </testcase>\n");
            }
            xml.append("  </testsuite>\n");
        }
        xml.append("</testsuites>");
        out.println(xml);
    }

    private static String caseName(Finding finding) {
        return finding.path().isEmpty() ? finding.object().toString() : finding.object() + " " + finding.path();
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        out.append('\uFFFD'); // XML 1.0 allows no control characters, not even escaped
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
