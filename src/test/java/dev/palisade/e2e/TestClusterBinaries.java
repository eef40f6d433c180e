package dev.palisade.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where kube-apiserver, etcd and kubectl are: the folder {@code test-cluster/build} prints (building them once, then
 * cached by version), or {@code -Dpalisade.testCluster.bin=DIR}. {@code make test} and {@code make e2e} run the build
 * before Maven, so a test normally finds the cache warm; from an IDE the first run pays the cold build.
 */
record TestClusterBinaries(Path kubeApiServer, Path etcd, Path kubectl) {
    private static final Path BUILD = Path.of("test-cluster/build");
    private static final long BUILD_TIMEOUT_MINUTES = 45;

    static TestClusterBinaries locate() {
        String configured = System.getProperty("palisade.testCluster.bin", "");
        Path folder = configured.isBlank() ? build() : Path.of(configured);
        TestClusterBinaries binaries = new TestClusterBinaries(folder.resolve("kube-apiserver"), folder.resolve("etcd"), folder.resolve("kubectl"));
        for (Path binary : new Path[] {binaries.kubeApiServer, binaries.etcd, binaries.kubectl}) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: run test-cluster/build (or fix -Dpalisade.testCluster.bin)");
            }
        }
        return binaries;
    }

    private static Path build() {
        if (!Files.isExecutable(BUILD)) {
            throw new IllegalStateException(BUILD.toAbsolutePath() + " not found: run the tests from the project folder");
        }
        try {
            Process process = new ProcessBuilder("bash", BUILD.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("test-cluster/build took over " + BUILD_TIMEOUT_MINUTES + " minutes");
            }
            String printed = new String(out, StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0 || printed.isEmpty()) {
                throw new IllegalStateException("test-cluster/build failed (exit " + process.exitValue() + "); its errors are above");
            }
            return Path.of(printed.substring(printed.lastIndexOf('\n') + 1));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run test-cluster/build: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the test cluster", e);
        }
    }
}
