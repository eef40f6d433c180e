package dev.palisade.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image archive written by {@code make image} (scripts/build-images), opened as a runtime would: the OCI layout's
 * index, the manifest it names and the config, and the layers unpacked in order into a root file system.
 */
final class OciImage {
    static final Path WEBHOOK = Command.PROJECT.resolve("target/image/palisade-webhook.tar");
    static final Path ENFORCER = Command.PROJECT.resolve("target/image/palisade-enforcer.tar");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path layout;
    final JsonNode index;
    final String digest;
    final JsonNode manifest;
    final JsonNode config;

    private OciImage(Path layout) throws IOException {
        this.layout = layout;
        this.index = JSON.readTree(layout.resolve("index.json").toFile());
        this.digest = index.path("manifests").path(0).path("digest").asText();
        this.manifest = JSON.readTree(blob(digest).toFile());
        this.config = JSON.readTree(blob(manifest.path("config").path("digest").asText()).toFile());
    }

    /** Extracts the archive into {@code into} (a folder of the test's) and reads it. */
    static OciImage open(Path archive, Path into) {
        assertTrue(Files.isRegularFile(archive), archive + " is missing: run 'make image' (make test does) first");
        Command.Result untar = Command.run(Duration.ofMinutes(2), "tar", "-xf", archive.toString(), "-C", into.toString());
        assertEquals(0, untar.exit(), untar.describe());
        try {
            return new OciImage(into);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path blob(String digest) {
        return layout.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    List<String> layers() {
        List<String> layers = new ArrayList<>();
        manifest.path("layers").forEach(layer -> layers.add(layer.path("digest").asText()));
        return layers;
    }

    /** Unpacks every layer in order into {@code root}, as root (owners and modes kept), and returns it. */
    Path unpack(Path root) {
        for (String layer : layers()) {
            Command.Result untar = Command.run(Duration.ofMinutes(2), "tar", "--same-owner", "--same-permissions",
                    "-xzf", blob(layer).toString(), "-C", root.toString());
            assertEquals(0, untar.exit(), untar.describe());
        }
        return root;
    }

    List<String> entrypoint() {
        return strings(config.path("config").path("Entrypoint"));
    }

    List<String> cmd() {
        return strings(config.path("config").path("Cmd"));
    }

    String user() {
        return config.path("config").path("User").asText();
    }

    List<String> env() {
        return strings(config.path("config").path("Env"));
    }

    Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("config").path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }
}
