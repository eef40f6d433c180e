package dev.palisade.e2e;

import dev.palisade.cli.Invocation;
import dev.palisade.cli.PalisadeCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A finished command line (kubectl, palisade certs, palisade in this JVM): exit code, standard output and error. */
public record CommandResult(int exitCode, String out, String err) {

    /** Runs {@code command} to the end with {@code stdin} (may be null); killed and failed after {@code timeout}. */
    static CommandResult run(List<String> command, String stdin, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).start();
            ProcessRegistry.add(process.toHandle());
            try {
                CompletableFuture<String> out = drain(process.getInputStream());
                CompletableFuture<String> err = drain(process.getErrorStream());
                try (OutputStream in = process.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " took over " + timeout.toSeconds() + " s");
                }
                return new CommandResult(process.exitValue(), out.join(), err.join());
            } finally {
                ProcessRegistry.remove(process.toHandle());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command.getFirst(), e);
        }
    }

    /** {@code palisade ARGUMENTS...} run in this JVM (as bin/palisade runs it), with an empty stdin. */
    static CommandResult palisade(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PalisadeCommand.run(new Invocation(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Path.of("").toAbsolutePath(), false), arguments);
        return new CommandResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        });
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
