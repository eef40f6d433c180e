package dev.palisade.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the test run with its output in a log file, stopped by its PID: SIGTERM, then SIGKILL after a
 * grace period, its descendants included. {@link #close()} is safe to call twice and on a process that already died.
 */
public final class ManagedProcess implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with its standard output and error appended to {@code log}. */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            ProcessRegistry.add(process.toHandle());
            return new ManagedProcess(name, process, log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + " (" + command.getFirst() + "): " + e.getMessage(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The last lines of the log, for a failure message. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Fails with the log's tail when the process has exited. */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " (pid " + pid() + ") exited with " + process.exitValue() + "; last lines of "
                    + log + ":\n" + tail(30));
        }
    }

    /** SIGKILL without a grace period: a crash, as far as its peers can tell. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        await(Duration.ofSeconds(10));
        ProcessRegistry.remove(process.toHandle());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroy();
            if (!await(GRACE)) {
                descendants.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                await(GRACE);
            }
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        ProcessRegistry.remove(process.toHandle());
    }

    private boolean await(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
