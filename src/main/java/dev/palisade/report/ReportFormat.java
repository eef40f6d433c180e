package dev.palisade.report;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** The output formats of {@code palisade lint}. */
public enum ReportFormat {
    TEXT, JSON, SARIF, JUNIT, HTML;

    public static ReportFormat parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format \"" + text + "\": expected text, json, sarif, junit or html");
        }
    }

    public void write(LintRun run, PrintStream out, boolean colour) {
        write(run, out, colour, Path.of(""));
    }

    /** @param workingDirectory where relative file names are read from (the HTML report shows source lines) */
    public void write(LintRun run, PrintStream out, boolean colour, Path workingDirectory) {
        switch (this) {
            case TEXT -> new TextReport(colour).write(run, out);
            case JSON -> new JsonReport().write(run, out);
            case SARIF -> new SarifReport().write(run, out);
            case JUNIT -> new JunitReport().write(run, out);
            case HTML -> new HtmlReport(workingDirectory).write(run, out);
        }
    }
}
