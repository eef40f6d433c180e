package dev.palisade.report;

import dev.palisade.engine.Engine.CheckFailure;
import dev.palisade.engine.Finding;
import dev.palisade.engine.Severity;
import dev.palisade.source.InputError;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The report a person opens after a CI run: one self-contained HTML file ({@link Html}). A summary by severity and by
 * category; filters by severity, check and namespace; the findings grouped by file and object, each with the source
 * lines around it, its remediation and documentation link; then the exempted findings apart, with their reasons; and
 * unreadable input and failed checks first. Everything the page shows is in its markup, so it reads without script;
 * the inline script only filters.
 */
final class HtmlReport {
    /** Lines shown before and after a finding's line. */
    private static final int CONTEXT = 2;
    private static final String STYLE = """
            h2{font-size:16px;margin:24px 0 8px}
            .summary{display:flex;gap:24px;flex-wrap:wrap}
            .file{margin:12px 0;border:1px solid var(--line);background:#fff}
            .file>h3{margin:0;padding:6px 10px;background:#eceff1;font-size:14px;font-family:ui-monospace,Menlo,Consolas,monospace}
            .object{padding:4px 10px 8px;border-top:1px solid var(--line)}
            .object>h4{margin:6px 0;font-size:13px}
            .finding{border-left:4px solid var(--line);padding:4px 10px;margin:6px 0}
            .finding[data-severity=critical]{border-color:var(--critical)}.finding[data-severity=high]{border-color:var(--high)}
            .finding[data-severity=medium]{border-color:var(--medium)}.finding[data-severity=low]{border-color:var(--low)}
            .finding[data-severity=info]{border-color:var(--info)}
            .finding p{margin:4px 0}
            pre.source{background:#263238;color:#eceff1;padding:6px 0;margin:4px 0;overflow-x:auto}
            pre.source span{display:block;padding:0 8px}
            pre.source span.hit{background:#4e342e}
            pre.source i{display:inline-block;width:4em;color:#90a4ae;font-style:normal;user-select:none}
            .reason{color:#616161}
            .errors li{color:var(--high)}
            """;
    private static final String SCRIPT = """
            (function () {
              var severities = Array.prototype.slice.call(document.querySelectorAll('input.f-severity'));
              var check = document.getElementById('f-check');
              var namespace = document.getElementById('f-namespace');
              function apply() {
                var on = {};
                severities.forEach(function (s) { on[s.value] = s.checked; });
                var shown = 0, total = 0;
                document.querySelectorAll('.finding').forEach(function (f) {
                  var visible = on[f.dataset.severity] && (!check.value || f.dataset.check === check.value)
                      && (!namespace.value || f.dataset.namespace === namespace.value);
                  f.hidden = !visible;
                  if (!f.classList.contains('exempt')) { total++; if (visible) { shown++; } }
                });
                document.querySelectorAll('.object, .file').forEach(function (group) {
                  group.hidden = !group.querySelector('.finding:not([hidden])');
                });
                document.getElementById('shown').textContent = shown + ' of ' + total + ' findings shown';
              }
              severities.concat([check, namespace]).forEach(function (e) { e.addEventListener('change', apply); });
              apply();
            })();
            """;

    private final Path workingDirectory;
    private final Map<String, List<String>> sources = new HashMap<>();

    /** @param workingDirectory where the relative file names of the findings are read from */
    HtmlReport(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    void write(LintRun run, PrintStream out) {
        StringBuilder body = new StringBuilder();
        body.append("<header><h1>Palisade lint report</h1><div id=\"totals\">").append(Html.escape(totals(run)))
                .append("</div></header>\n<main>\n");
        summary(run, body);
        errors(run, body);
        filters(run, body);
        body.append("<section id=\"findings\"><h2>Findings</h2>\n");
        if (run.findings().isEmpty()) {
            body.append("<p>No findings.</p>\n");
        }
        grouped(run.findings(), false, body);
        body.append("</section>\n<section id=\"exempted\"><h2>Exempted findings (").append(run.exempted().size())
                .append(")</h2>\n");
        if (run.exempted().isEmpty()) {
            body.append("<p>No exempted findings.</p>\n");
        }
        grouped(run.exempted(), true, body);
        body.append("</section>\n</main>");
        out.print(Html.page("Palisade lint report", STYLE, body.toString(), SCRIPT));
    }

    private static String totals(LintRun run) {
        return run.objects() + (run.objects() == 1 ? " object" : " objects") + " · " + run.findings().size()
                + (run.findings().size() == 1 ? " finding" : " findings") + " · " + run.exempted().size() + " exempted · "
                + run.failing() + " at or above " + run.failOn().label() + " · exit code " + run.exitCode();
    }

    private static void summary(LintRun run, StringBuilder body) {
        body.append("<section id=\"summary\"><h2>Summary</h2><div class=\"summary\">\n<table id=\"by-severity\">")
                .append("<tr><th>severity</th><th>findings</th></tr>\n");
        for (Map.Entry<Severity, Integer> e : run.countsBySeverity().entrySet().stream().toList().reversed()) {
            body.append("<tr><td>").append(badge(e.getKey().label())).append("</td><td data-severity=\"")
                    .append(e.getKey().label()).append("\">").append(e.getValue()).append("</td></tr>\n");
        }
        body.append("</table>\n<table id=\"by-category\"><tr><th>category</th>");
        List<Severity> order = List.of(Severity.values()).reversed();
        order.forEach(s -> body.append("<th>").append(s.label()).append("</th>"));
        body.append("<th>total</th></tr>\n");
        Map<String, Map<Severity, Integer>> byCategory = new TreeMap<>();
        for (Finding finding : run.findings()) {
            byCategory.computeIfAbsent(finding.category(), c -> new EnumMap<>(Severity.class)).merge(finding.severity(), 1, Integer::sum);
        }
        byCategory.forEach((category, counts) -> {
            body.append("<tr><td>").append(Html.escape(category)).append("</td>");
            order.forEach(s -> body.append("<td>").append(counts.getOrDefault(s, 0)).append("</td>"));
            body.append("<td>").append(counts.values().stream().mapToInt(Integer::intValue).sum()).append("</td></tr>\n");
        });
        body.append("</table>\n</div></section>\n");
    }

    private static void errors(LintRun run, StringBuilder body) {
        if (run.inputErrors().isEmpty() && run.failures().isEmpty()) {
            return;
        }
        body.append("<section id=\"errors\"><h2>Errors</h2><ul class=\"errors\">\n");
        for (InputError error : run.inputErrors()) {
            body.append("<li>").append(Html.escape(error.toString())).append("</li>\n");
        }
        for (CheckFailure failure : run.failures()) {
            body.append("<li>").append(Html.escape(failure.toString())).append("</li>\n");
        }
        body.append("</ul></section>\n");
    }

    private static void filters(LintRun run, StringBuilder body) {
        List<Finding> all = new ArrayList<>(run.findings());
        all.addAll(run.exempted());
        body.append("<div class=\"filters\" id=\"filters\"><span>Severity:</span>");
        for (Severity severity : List.of(Severity.values()).reversed()) {
            body.append("<label><input type=\"checkbox\" class=\"f-severity\" id=\"f-severity-").append(severity.label())
                    .append("\" value=\"").append(severity.label()).append("\" checked> ").append(severity.label()).append("</label>");
        }
        body.append("<label>Check: <select id=\"f-check\"><option value=\"\">all checks</option>");
        new TreeSet<>(all.stream().map(Finding::check).toList()).forEach(check ->
                body.append("<option>").append(Html.escape(check)).append("</option>"));
        body.append("</select></label><label>Namespace: <select id=\"f-namespace\"><option value=\"\">all namespaces</option>");
        new TreeSet<>(all.stream().map(HtmlReport::namespace).toList()).forEach(namespace ->
                body.append("<option>").append(Html.escape(namespace)).append("</option>"));
        body.append("</select></label><span id=\"shown\"></span></div>\n");
    }

    /** Findings by file, then by object, in the run's order (file, line). */
    private void grouped(List<Finding> findings, boolean exempted, StringBuilder body) {
        Map<String, Map<String, List<Finding>>> byFile = new LinkedHashMap<>();
        for (Finding finding : findings) {
            String file = finding.file() == null || finding.file().isEmpty() ? "(no file)" : finding.file();
            byFile.computeIfAbsent(file, f -> new LinkedHashMap<>())
                    .computeIfAbsent(finding.object().toString(), o -> new ArrayList<>()).add(finding);
        }
        byFile.forEach((file, objects) -> {
            body.append("<div class=\"file\"><h3>").append(Html.escape(file)).append("</h3>\n");
            objects.forEach((object, list) -> {
                body.append("<div class=\"object\"><h4>").append(Html.escape(object)).append("</h4>\n");
                list.forEach(finding -> finding(finding, exempted, body));
                body.append("</div>\n");
            });
            body.append("</div>\n");
        });
    }

    private void finding(Finding finding, boolean exempted, StringBuilder body) {
        body.append("<div class=\"finding").append(exempted ? " exempt" : "").append("\" data-severity=\"")
                .append(finding.severity().label()).append("\" data-check=\"").append(Html.escape(finding.check()))
                .append("\" data-namespace=\"").append(Html.escape(namespace(finding))).append("\">\n<p>")
                .append(badge(exempted ? "exempted" : finding.severity().label()));
        if (exempted) {
            body.append(' ').append(badge(finding.severity().label()));
        }
        body.append(" <code>").append(Html.escape(finding.check())).append("</code>");
        if (finding.line() > 0) {
            body.append(" line ").append(finding.line());
        }
        if (!finding.path().isEmpty()) {
            body.append(" <code>").append(Html.escape(finding.path())).append("</code>");
        }
        body.append("</p>\n<p class=\"message\">").append(Html.escape(finding.message())).append("</p>\n");
        if (exempted) {
            body.append("<p class=\"reason\">Exemption: ").append(Html.escape(finding.exemptedBy())).append("</p>\n");
        }
        excerpt(finding, body);
        body.append("<p class=\"remediation\"><b>Remediation:</b> ").append(Html.escape(finding.remediation()));
        if (finding.docs() != null && !finding.docs().isEmpty()) {
            body.append(" <a href=\"").append(Html.escape(finding.docs())).append("\" rel=\"noopener noreferrer\">docs</a>");
        }
        body.append("</p>\n</div>\n");
    }

    /** The finding's line with {@link #CONTEXT} lines around it, when the file can be read. */
    private void excerpt(Finding finding, StringBuilder body) {
        List<String> lines = finding.line() > 0 ? source(finding.file()) : List.of();
        if (finding.line() > lines.size()) {
            return;
        }
        body.append("<pre class=\"source\">");
        for (int n = Math.max(1, finding.line() - CONTEXT); n <= Math.min(lines.size(), finding.line() + CONTEXT); n++) {
            body.append(n == finding.line() ? "<span class=\"hit\">" : "<span>").append("<i>").append(n).append("</i>")
                    .append(Html.escape(lines.get(n - 1))).append("</span>");
        }
        body.append("</pre>\n");
    }

    private List<String> source(String file) {
        if (file == null || file.isEmpty() || file.equals("-")) {
            return List.of();
        }
        return sources.computeIfAbsent(file, f -> {
            try {
                return Files.readAllLines(workingDirectory.resolve(f));
            } catch (IOException | RuntimeException e) {
                return List.of(); // the report still shows the finding, without its lines
            }
        });
    }

    private static String namespace(Finding finding) {
        return finding.object().namespace().isEmpty() ? "(none)" : finding.object().namespace();
    }

    private static String badge(String label) {
        return "<span class=\"badge " + label + "\">" + label + "</span>";
    }
}
