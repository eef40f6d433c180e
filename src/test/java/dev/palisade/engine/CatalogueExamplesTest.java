package dev.palisade.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.engine.Finding;
import dev.palisade.testing.Lint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every check in the catalogue ships with examples under {@code src/test/resources/examples/<check-id>/}: files named
 * {@code fail*.yaml} must each produce at least one finding of that check, files named {@code pass*.yaml} none. A
 * check without both kinds of example fails this test.
 */
class CatalogueExamplesTest {
    private static final Path EXAMPLES = Path.of("src/test/resources/examples");

    @TestFactory
    Stream<DynamicTest> everyCheckHasAFailingAndAPassingExample() {
        return Lint.catalogue().all().stream().map(check -> DynamicTest.dynamicTest(check.id(), () -> {
            Path folder = EXAMPLES.resolve(check.id());
            List<Path> fails = files(folder, "fail");
            List<Path> passes = files(folder, "pass");
            assertThat(fails).as("failing examples of " + check.id() + " in " + folder).isNotEmpty();
            assertThat(passes).as("passing examples of " + check.id() + " in " + folder).isNotEmpty();
            for (Path fail : fails) {
                List<Finding> findings = Lint.check(check.id(), Files.readString(fail));
                assertThat(findings).as(fail + " must fail " + check.id()).isNotEmpty();
                assertThat(findings).allSatisfy(f -> assertThat(f.line()).as("finding has a line").isPositive());
            }
            for (Path pass : passes) {
                assertThat(Lint.check(check.id(), Files.readString(pass))).as(pass + " must pass " + check.id()).isEmpty();
            }
        }));
    }

    private static List<Path> files(Path folder, String prefix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }
}
