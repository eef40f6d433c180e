package dev.palisade.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code palisade} command line as a child JVM: the product's main class on the test run's class path (the jar is
 * packaged only after the tests), started as {@code bin/palisade} starts it. So {@code serve} runs as it does in a
 * pod: its own process, the cluster found through {@code KUBECONFIG}, stopped by SIGTERM or killed.
 */
final class PalisadeProcess {
    private static final String MAIN = "dev.palisade.cli.PalisadeCommand";

    private PalisadeProcess() {}

    /** With bin/palisade's JVM options: C1 and the serial collector for short commands, full JIT for serve. */
    static List<String> command(String... arguments) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=ALL-UNNAMED", "-Xmx384m"));
        if (!arguments[0].equals("serve")) {
            command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN));
        command.addAll(List.of(arguments));
        return command;
    }

    /** A short command ({@code certs}, {@code lint}) to its end. */
    static CommandResult run(String... arguments) {
        return CommandResult.run(command(arguments), null, Duration.ofMinutes(2));
    }

    /** A long-running command ({@code serve}) with its output in {@code log}. */
    static ManagedProcess start(String name, Map<String, String> environment, Path log, String... arguments) {
        return ManagedProcess.start(name, command(arguments), environment, log);
    }
}
