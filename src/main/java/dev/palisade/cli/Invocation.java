package dev.palisade.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What one run of the command line reads and writes: stdin, stdout, stderr, the working directory (where
 * {@code .palisade.yaml} is looked for) and whether stdout is a terminal that wants colour. {@code main} passes the
 * process's own; tests pass buffers and a temporary folder.
 */
public record Invocation(InputStream in, PrintStream out, PrintStream err, Path workingDirectory, boolean terminal) {

    /** The process's streams (UTF-8 whatever the platform default) and working directory. */
    public static Invocation ofProcess() {
        return new Invocation(System.in,
                new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
                Path.of("").toAbsolutePath(),
                Terminal.colour());
    }

    /** The invocation of the command line that {@code spec} belongs to. */
    public static Invocation of(CommandSpec spec) {
        return ((PalisadeCommand) spec.root().userObject()).invocation;
    }
}
