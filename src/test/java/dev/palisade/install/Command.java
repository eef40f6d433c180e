package dev.palisade.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one of the project's commands (a script, helm, an image's entrypoint) bounded in time, keeping its output. */
final class Command {
    /** Where the tests run: the project's root (Maven's basedir). */
    static final Path PROJECT = Path.of("").toAbsolutePath();

    private Command() {}

    /** What a finished command printed and returned. */
    record Result(List<String> command, int exit, String out, String err) {
        /** The command and its output, for an assertion's message. */
        String describe() {
            return String.join(" ", command) + " exited " + exit + "\n--- stdout\n" + tail(out) + "\n--- stderr\n" + tail(err);
        }

        private static String tail(String text) {
            return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
        }
    }

    static Result run(Duration timeout, String... command) {
        return run(timeout, Map.of(), List.of(command));
    }

    /** Runs in the project's root with the given variables added to this process's environment. */
    static Result run(Duration timeout, Map<String, String> environment, List<String> command) {
        try {
            Path out = Files.createTempFile("palisade-command", ".out");
            Path err = Files.createTempFile("palisade-command", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    stop(process);
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                            + "\n--- stdout\n" + Files.readString(out) + "\n--- stderr\n" + Files.readString(err));
                }
                return new Result(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /**
     * Removes a tree the test made as root (an image's root file system, a podman store) before JUnit's own cleanup,
     * which would warn about each absolute symbolic link in it.
     */
    static void removeTree(Path tree) {
        Result removed = run(Duration.ofMinutes(2), "rm", "-rf", "--one-file-system", tree.toString());
        if (removed.exit() != 0) {
            throw new AssertionError(removed.describe());
        }
    }

    /** Stops a process and everything it started, politely first. */
    static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
