package dev.palisade.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same commit gives the same images: a second, independent build (its own buildah store, runtime, training and
 * AOT dump; only the downloaded .debs are shared) has the digests and the very archive bytes of `make image`'s.
 */
@ImageTest
class ImageReproducibilityTest {
    @TempDir
    Path again;

    @Test
    void aSecondBuildOfThisCommitHasTheSameDigestsAndBytes() throws IOException {
        Command.Result build = Command.run(Duration.ofMinutes(20), Map.of(),
                List.of(Command.PROJECT.resolve("scripts/build-images").toString(), again.toString()));
        assertEquals(0, build.exit(), build.describe());
        for (Path first : List.of(OciImage.WEBHOOK, OciImage.ENFORCER)) {
            Path second = again.resolve(first.getFileName());
            assertTrue(Files.isRegularFile(first), first + " is missing: run 'make image' (make test does) first");
            String name = first.getFileName().toString().replace(".tar", ".digest");
            assertEquals(Files.readString(first.resolveSibling(name)), Files.readString(again.resolve(name)),
                    "image digest of " + first.getFileName());
            assertEquals(-1L, Files.mismatch(first, second), "archive bytes of " + first.getFileName());
        }
    }
}
