package dev.palisade.enforcer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs iptables-restore, iptables-save and ipset with text on stdin, bounded in time. These stay system tools on
 * purpose: the rule and set formats are their stable interface across the legacy and nf_tables backends, and
 * iptables-restore is what makes a whole table one atomic commit (see docs/enforcer.md).
 */
final class SystemTool {
    private static final long TIMEOUT_SECONDS = 60;

    private SystemTool() {
    }

    /** Runs the command with {@code input} on stdin and returns stdout; fails with stderr in the message. */
    static String run(List<String> command, String input) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new EnforcerException("cannot run " + command.getFirst() + ": " + e.getMessage()
                    + " (install iptables and ipset on the node)");
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The tool stopped reading; its exit status and stderr below say why.
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new EnforcerException(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new EnforcerException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + stderr.join().strip());
            }
            return stdout.join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EnforcerException("interrupted while running " + command.getFirst(), e);
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
