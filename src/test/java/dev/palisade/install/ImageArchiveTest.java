package dev.palisade.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archives are what loaders take: podman (its own store, no daemon) reads each one as the OCI archive
 * `podman load`, `ctr images import` and `kind load image-archive` read, and as the Docker archive classic
 * `docker load` reads (its manifest.json), and finds the name, the digest and the config the build wrote.
 */
@ImageTest
class ImageArchiveTest {
    @TempDir
    Path work;

    @AfterEach
    void removeStore() {
        Command.removeTree(work.resolve("storage"));
    }

    @Test
    void podmanLoadsBothImagesUnderTheirNamesAndDigests() throws IOException {
        String version = ProjectVersion.fromPom();
        assertLoads(OciImage.WEBHOOK, "ghcr.io/palisade-dev/palisade:" + version);
        assertLoads(OciImage.ENFORCER, "ghcr.io/palisade-dev/palisade-enforcer:" + version);
    }

    @Test
    void theDockerManifestNamesTheSameConfigAndLayers() throws IOException {
        OciImage image = OciImage.open(OciImage.WEBHOOK, Files.createDirectory(work.resolve("layout")));
        Command.Result pulled = podman("pull", "docker-archive:" + OciImage.WEBHOOK);
        assertEquals(0, pulled.exit(), pulled.describe());
        Command.Result inspect = podman("image", "inspect", "--format", "{{.ID}} {{len .RootFS.Layers}}",
                "ghcr.io/palisade-dev/palisade:" + ProjectVersion.fromPom());
        assertEquals(0, inspect.exit(), inspect.describe());
        String configDigest = image.manifest.path("config").path("digest").asText().substring("sha256:".length());
        assertEquals(configDigest + " " + image.layers().size(), inspect.out().strip(),
                "podman's image id is the digest of the config the OCI manifest names");
    }

    private void assertLoads(Path archive, String name) throws IOException {
        Command.Result load = podman("load", "--input", archive.toString());
        assertEquals(0, load.exit(), load.describe());
        assertEquals("Loaded image: " + name, load.out().strip().lines().reduce((a, b) -> b).orElse(""), load.describe());
        Command.Result inspect = podman("image", "inspect", "--format", "{{.Digest}}", name);
        assertEquals(0, inspect.exit(), inspect.describe());
        String built = Files.readString(archive.resolveSibling(archive.getFileName().toString().replace(".tar", ".digest")));
        assertEquals(built.strip(), inspect.out().strip(), "the digest make image printed");
    }

    private Command.Result podman(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("podman", "--root", work.resolve("storage").toString(),
                "--runroot", work.resolve("run").toString(), "--storage-driver", "vfs"));
        command.addAll(List.of(arguments));
        return Command.run(Duration.ofMinutes(5), Map.of(), command);
    }
}
