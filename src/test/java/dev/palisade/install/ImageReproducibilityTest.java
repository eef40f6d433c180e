package dev.palisade.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same commit gives the same images: a second, independent build (its own buildah store, runtime, training and
 * AOT dump; only the downloaded .debs are shared) has the digests and the very archive bytes of `make image`'s. The
 * second build stays in target/image-again, so that a difference can be looked at.
 */
@ImageTest
class ImageReproducibilityTest {
    private static final Path AGAIN = Command.PROJECT.resolve("target/image-again");

    @TempDir
    Path work;

    @Test
    void aSecondBuildOfThisCommitHasTheSameDigestsAndBytes() throws IOException {
        Command.Result build = Command.run(Duration.ofMinutes(20), Map.of(),
                List.of(Command.PROJECT.resolve("scripts/build-images").toString(), AGAIN.toString()));
        assertEquals(0, build.exit(), build.describe());
        for (Path first : List.of(OciImage.WEBHOOK, OciImage.ENFORCER)) {
            Path second = AGAIN.resolve(first.getFileName());
            assertTrue(Files.isRegularFile(first), first + " is missing: run 'make image' (make test does) first");
            String name = first.getFileName().toString().replace(".tar", ".digest");
            String firstDigest = Files.readString(first.resolveSibling(name)).strip();
            String secondDigest = Files.readString(AGAIN.resolve(name)).strip();
            assertEquals(firstDigest, secondDigest, () -> "image digest of " + first.getFileName() + "; " + differences(first, second));
            assertEquals(-1L, Files.mismatch(first, second), "archive bytes of " + first.getFileName());
        }
    }

    /** The files of two versions of a layer whose bytes differ or that only one has (at most ten). */
    private List<String> differingFiles(Path firstLayer, Path secondLayer, int index) throws IOException {
        Path a = Files.createDirectories(work.resolve("layer-" + index + "-first"));
        Path b = Files.createDirectories(work.resolve("layer-" + index + "-second"));
        for (Path[] layer : List.of(new Path[] {firstLayer, a}, new Path[] {secondLayer, b})) {
            Command.Result untar = Command.run(Duration.ofMinutes(2), "tar", "-xzf", layer[0].toString(), "-C", layer[1].toString());
            assertEquals(0, untar.exit(), untar.describe());
        }
        TreeSet<Path> files = new TreeSet<>();
        for (Path root : List.of(a, b)) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).map(root::relativize).forEach(files::add);
            }
        }
        List<String> differing = new ArrayList<>();
        for (Path file : files) {
            Path inA = a.resolve(file);
            Path inB = b.resolve(file);
            if (!Files.isRegularFile(inA) || !Files.isRegularFile(inB) || Files.mismatch(inA, inB) != -1L) {
                differing.add("/" + file);
            }
        }
        return differing.size() <= 10 ? differing : differing.subList(0, 10);
    }

    /** Which layers differ (by their history line), and whether the AOT training loaded the same classes. */
    private String differences(Path first, Path second) {
        try {
            OciImage a = OciImage.open(first, Files.createDirectories(work.resolve("first")));
            OciImage b = OciImage.open(second, Files.createDirectories(work.resolve("second")));
            List<String> differing = new ArrayList<>();
            JsonNode history = a.config.path("history");
            for (int i = 0; i < Math.min(a.layers().size(), b.layers().size()); i++) {
                if (!a.layers().get(i).equals(b.layers().get(i))) {
                    differing.add(history.path(i).path("created_by").asText("layer " + i) + " (files that differ: "
                            + differingFiles(a.blob(a.layers().get(i)), b.blob(b.layers().get(i)), i) + ")");
                }
            }
            boolean sameClasses = Files.mismatch(first.resolveSibling("aot-classes.txt"), AGAIN.resolve("aot-classes.txt")) == -1L;
            return "layers that differ: " + differing + (differing.isEmpty() ? " (the config differs)" : "")
                    + "; AOT training class lists " + (sameClasses ? "equal" : "differ") + "; second build kept in " + AGAIN
                    + " (each build's aot-map.txt says what lies where in its AOT cache)";
        } catch (IOException | AssertionError e) {
            return "(could not compare the layers: " + e.getMessage() + ")";
        }
    }
}
