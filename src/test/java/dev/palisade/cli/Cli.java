package dev.palisade.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Test helper: runs {@code palisade} in-process, as {@code main} would, and captures what it prints. Unless a test
 * names one, the working directory (where {@code .palisade.yaml} is looked for) is an empty folder, so that a config
 * file in the project never changes a test; relative input paths are still read from the project folder.
 */
public final class Cli {
    private static final Path EMPTY_FOLDER = emptyFolder();

    private Cli() {}

    private static Path emptyFolder() {
        try {
            Path folder = java.nio.file.Files.createTempDirectory("palisade-cli-test");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What one run left behind. */
    public record Outcome(int exitCode, String out, String err) {}

    public static Outcome run(String... args) {
        return run("", EMPTY_FOLDER, false, args);
    }

    public static Outcome runWithStdin(String stdin, String... args) {
        return run(stdin, EMPTY_FOLDER, false, args);
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
