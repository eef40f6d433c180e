package dev.palisade.install;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test of the images `make image` built (target/image), run without a container engine: their root file systems
 * are unpacked and their entrypoints run chrooted in private namespaces (scripts/image-run), which needs root. Not
 * root: skipped with the reason. Root but no images: it fails and says to run `make image` (make test does).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("image")
@ExtendWith(ImageTest.AsRoot.class)
@interface ImageTest {

    final class AsRoot implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Uid:") && line.split("\\s+")[2].equals("0")) {
                        return ConditionEvaluationResult.enabled("root: images can be unpacked and run chrooted");
                    }
                }
            } catch (java.io.IOException e) {
                return ConditionEvaluationResult.disabled("cannot tell the user id: " + e.getMessage());
            }
            return ConditionEvaluationResult.disabled("image tests need root (unshare, mount, chroot; buildah's vfs store)");
        }
    }
}
