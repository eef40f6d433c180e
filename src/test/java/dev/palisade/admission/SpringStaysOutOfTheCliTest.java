package dev.palisade.admission;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI must start fast: only {@code serve} may load Spring. A child JVM logs every class it loads while running
 * other commands, with Spring on the class path, and none may come from Spring or Tomcat.
 */
class SpringStaysOutOfTheCliTest {
    @TempDir
    Path folder;

    @Test
    void lintChecksAndCertsLoadNoSpringClass() throws Exception {
        Path manifest = folder.resolve("pod.yaml");
        Files.writeString(manifest, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx}]\n");
        for (List<String> command : List.of(
                List.of("lint", manifest.toString()),
                List.of("checks", "list"),
                List.of("certs", "--out", folder.resolve("certs").toString()),
                List.of("--help"))) {
            String classes = loadedClasses(command);
            assertTrue(classes.contains("dev.palisade.cli.PalisadeCommand"), "the class log works");
            assertFalse(classes.contains("org.springframework."), command + " loaded Spring");
            assertFalse(classes.contains("org.apache.catalina."), command + " loaded Tomcat");
        }
    }

    private String loadedClasses(List<String> arguments) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--sun-misc-unsafe-memory-access=allow", "-Xlog:class+load=info",
                "-cp", System.getProperty("java.class.path"), "dev.palisade.cli.PalisadeCommand"));
        command.addAll(arguments);
        Path log = Files.createTempFile(folder, "classes", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the CLI finished");
        int exit = process.exitValue();
        assertTrue(exit == 0 || exit == 1, arguments + " exited " + exit);
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
