package dev.palisade.enforcer;

import dev.palisade.source.InputError;
import dev.palisade.source.KubeObject;
import dev.palisade.source.ManifestLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Cluster state from YAML or JSON files (Nodes, Namespaces, Pods, NetworkPolicies as {@code kubectl get -o yaml}
 * writes them), for offline use and tests. A change is noticed by polling size and modification time every 200 ms;
 * a file that does not parse is an error with its file and line, and the enforcer keeps its last good state.
 */
final class FileStateSource implements StateSource {
    private static final long POLL_MILLIS = 200;
    private final List<String> paths;
    private String lastStamp = "";

    FileStateSource(List<String> paths) {
        this.paths = List.copyOf(paths);
    }

    @Override
    public List<KubeObject> read() {
        lastStamp = stamp();
        ManifestLoader.Result result = new ManifestLoader().load(paths, InputStream.nullInputStream(), path -> false);
        if (!result.errors().isEmpty()) {
            throw new EnforcerException("cannot read the state: " + result.errors().stream().map(InputError::toString)
                    .collect(Collectors.joining("; ")) + " (fix the file; the last good state stays applied)");
        }
        return result.objects();
    }

    @Override
    public boolean awaitChange(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (!stamp().equals(lastStamp)) {
                return true;
            }
            Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
        return false;
    }

    private String stamp() {
        StringBuilder stamp = new StringBuilder();
        for (String path : paths) {
            try (var files = Files.walk(Path.of(path))) {
                files.filter(Files::isRegularFile).sorted().forEach(file -> {
                    try {
                        stamp.append(file).append(':').append(Files.size(file)).append(':')
                                .append(Files.getLastModifiedTime(file)).append(';');
                    } catch (IOException e) {
                        stamp.append(file).append(":gone;");
                    }
                });
            } catch (IOException e) {
                stamp.append(path).append(":missing;");
            }
        }
        return stamp.toString();
    }
}
