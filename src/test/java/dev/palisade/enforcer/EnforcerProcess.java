package dev.palisade.enforcer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code palisade enforce} as its own process inside a node's namespace ({@code ip netns exec NODE java ...}), as
 * it runs on a real node: the test JVM never enters a node namespace for the enforcer's work.
 */
final class EnforcerProcess {
    private EnforcerProcess() {
    }

    static List<String> command(Lab.Node node, Path state, String... extra) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
                "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "dev.palisade.cli.PalisadeCommand", "enforce",
                "--node", node.name(), "--from-file", state.toString(), "--metrics-port", "0"));
        command.addAll(List.of(extra));
        return command;
    }

    /** Runs {@code enforce --once} in the node and returns its output; fails unless it exits 0. */
    static String once(Lab lab, Lab.Node node, Path state, String... extra) {
        List<String> args = new ArrayList<>(List.of(extra));
        args.add("--once");
        Path log = lab.dir.resolve(node.name() + "-once.log");
        Process process = lab.start(node.netns(), log, command(node, state, args.toArray(String[]::new)));
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("enforce --once on " + node.name() + " did not finish in 90 s");
            }
            String output = Files.readString(log);
            if (process.exitValue() != 0) {
                throw new AssertionError("enforce --once on " + node.name() + " exited " + process.exitValue() + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Applies the state on every node in parallel, as the DaemonSet's pods would. */
    static void onceOnAll(Lab lab, Path state, String... extra) {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Lab.Node node : lab.nodes.values()) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    once(lab, node, state, extra);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread thread : threads) {
            try {
                thread.join(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.getFirst().getMessage(), failures.getFirst());
        }
    }

    /** Waits until the log of a running enforcer holds at least {@code count} "synced" lines. */
    static void awaitSyncs(Path log, int count, long timeoutMillis) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).lines().filter(line -> line.contains(" synced: ")).count() >= count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the enforcer did not sync " + count + " times within " + timeoutMillis + " ms:\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }
}
