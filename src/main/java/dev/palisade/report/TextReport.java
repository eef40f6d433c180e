package dev.palisade.report;

import dev.palisade.engine.Finding;
import dev.palisade.engine.Severity;
import dev.palisade.source.InputError;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One line per finding, {@code file:line: severity check Kind/namespace/name: message}; then one line per finding
 * exempted by annotation, {@code file:line: exempted check Kind/namespace/name: message (exemption: reason)}, so an
 * exemption is never silent; then a summary. Unreadable input comes first as {@code error file:line: problem}.
 * Colour only when asked (the CLI asks when stdout is a terminal and NO_COLOR is unset).
 */
final class TextReport {
    private final boolean colour;

    TextReport(boolean colour) {
        this.colour = colour;
    }

    void write(LintRun run, PrintStream out) {
        for (InputError error : run.inputErrors()) {
            out.println(paint("1;31", "error") + " " + error);
        }
        for (var failure : run.failures()) {
            out.println(paint("1;31", "error") + " " + failure);
        }
        for (Finding finding : run.findings()) {
            String location = finding.location().isEmpty() ? "" : finding.location() + ": ";
            out.println(location + paint(colourOf(finding.severity()), finding.severity().label()) + " "
                    + finding.check() + " " + finding.object() + ": " + finding.message());
        }
        for (Finding finding : run.exempted()) {
            String location = finding.location().isEmpty() ? "" : finding.location() + ": ";
            out.println(location + paint("2", "exempted") + " " + finding.check() + " " + finding.object() + ": "
                    + finding.message() + " (exemption: " + finding.exemptedBy() + ")");
        }
        out.println(summary(run));
    }

    private String summary(LintRun run) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Severity, Integer> e : run.countsBySeverity().entrySet()) {
            if (e.getValue() > 0) {
                parts.add(e.getValue() + " " + e.getKey().label());
            }
        }
        int total = run.findings().size();
        StringBuilder line = new StringBuilder();
        line.append(run.objects()).append(run.objects() == 1 ? " object, " : " objects, ")
                .append(total).append(total == 1 ? " finding" : " findings");
        if (!parts.isEmpty()) {
            line.append(" (").append(String.join(", ", parts.reversed())).append(")");
        }
        if (!run.exempted().isEmpty()) {
            line.append(", ").append(run.exempted().size()).append(" exempted by annotation");
        }
        if (!run.inputErrors().isEmpty()) {
            line.append(", ").append(run.inputErrors().size()).append(run.inputErrors().size() == 1 ? " input error" : " input errors");
        }
        if (!run.failures().isEmpty()) {
            line.append(", ").append(run.failures().size()).append(" check failures");
        }
        long failing = run.failing();
        line.append("; ").append(failing).append(" at or above ").append(run.failOn().label());
        return paint(run.exitCode() == 0 ? "32" : "1", line.toString());
    }

    private static String colourOf(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "1;31";
            case HIGH -> "31";
            case MEDIUM -> "33";
            case LOW -> "36";
            case INFO -> "2";
        };
    }

    private String paint(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
