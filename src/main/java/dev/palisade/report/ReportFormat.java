package dev.palisade.report;

import java.io.PrintStream;
import java.util.Locale;

/** The output formats of {@code palisade lint}. */
public enum ReportFormat {
    TEXT, JSON, SARIF, JUNIT;

    public static ReportFormat parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format \"" + text + "\": expected text, json, sarif or junit");
        }
    }

    public void write(LintRun run, PrintStream out, boolean colour) {
        switch (this) {
            case TEXT -> new TextReport(colour).write(run, out);
            case JSON -> new JsonReport().write(run, out);
            case SARIF -> new SarifReport().write(run, out);
            case JUNIT -> new JunitReport().write(run, out);
        }
    }
}
