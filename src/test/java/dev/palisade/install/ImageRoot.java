package dev.palisade.install;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An image's unpacked root file system, in which commands run as its config says (user, environment, entrypoint)
 * through scripts/image-run: read-only root, fresh /proc, /dev and /tmp, private mount and PID namespaces.
 */
final class ImageRoot {
    private final OciImage image;
    private final Path root;

    ImageRoot(OciImage image, Path root) {
        this.image = image;
        this.root = root;
    }

    Path path() {
        return root;
    }

    /** The entrypoint with these arguments, as the image's user. */
    Command.Result entrypoint(List<String> volumes, List<String> extraEnv, String... arguments) {
        List<String> command = new ArrayList<>(image.entrypoint());
        command.addAll(List.of(arguments));
        return exec(image.user(), volumes, extraEnv, command);
    }

    /** The entrypoint and the image's default arguments (its Cmd), as a plain {@code docker run IMAGE} does. */
    Command.Result defaultCommand() {
        List<String> command = new ArrayList<>(image.entrypoint());
        command.addAll(image.cmd());
        return exec(image.user(), List.of(), List.of(), command);
    }

    /** Any command of the image, as the given user ("UID:GID"). */
    Command.Result exec(String user, List<String> volumes, List<String> extraEnv, List<String> command) {
        return Command.run(Duration.ofMinutes(3), java.util.Map.of(), runner(user, volumes, extraEnv, command));
    }

    /** Starts a long-running command of the image; the caller stops it with {@link Command#stop}. */
    Process start(String user, List<String> volumes, List<String> arguments, Path log) throws IOException {
        return start(user, volumes, List.of(), arguments, log);
    }

    /** The same with variables added to the image's environment (NAME=VALUE), as a pod spec's env adds them. */
    Process start(String user, List<String> volumes, List<String> extraEnv, List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(image.entrypoint());
        command.addAll(arguments);
        return new ProcessBuilder(runner(user, volumes, extraEnv, command)).directory(Command.PROJECT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private List<String> runner(String user, List<String> volumes, List<String> extraEnv, List<String> command) {
        List<String> runner = new ArrayList<>(List.of(Command.PROJECT.resolve("scripts/image-run").toString(), "--user", user));
        for (String variable : image.env()) {
            runner.addAll(List.of("--env", variable));
        }
        for (String variable : extraEnv) {
            runner.addAll(List.of("--env", variable));
        }
        for (String volume : volumes) {
            runner.addAll(List.of("--volume", volume));
        }
        runner.add(root.toString());
        runner.addAll(command);
        return runner;
    }
}
