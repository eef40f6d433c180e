package dev.palisade.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Test helper: runs {@code palisade} in-process, as {@code main} would, and captures what it prints. */
public final class Cli {
    private Cli() {}

    /** What one run left behind. */
    public record Outcome(int exitCode, String out, String err) {}

    public static Outcome run(String... args) {
        return run("", Path.of("").toAbsolutePath(), false, args);
    }

    public static Outcome runWithStdin(String stdin, String... args) {
        return run(stdin, Path.of("").toAbsolutePath(), false, args);
    }

    public static Outcome run(String stdin, Path workingDirectory, boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Invocation invocation = new Invocation(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                workingDirectory, terminal);
        int exit = PalisadeCommand.run(invocation, args);
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
