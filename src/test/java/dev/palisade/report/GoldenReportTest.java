package dev.palisade.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.cli.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every output format of one fixed lint run, compared byte for byte with {@code src/test/resources/golden/lint.*}.
 * The input (src/test/resources/inputs/golden/) has findings of two severities, a finding exempted with a reason, an
 * exemption without a reason (not applied), a JSON file, a List, a clean Service and a broken document. The run is
 * limited to two checks with {@code --check} so that checks added to the catalogue later do not change it.
 * After an intended change of a format, regenerate with {@code mvn test -Dtest=GoldenReportTest -Dgolden.update=true}
 * and review the diff.
 */
class GoldenReportTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");

    /** The golden run in a format; paths are relative to the project, so the output is the same on every machine. */
    static Cli.Outcome goldenRun(String format) {
        return Cli.run(
                "lint", "--config", "src/test/resources/inputs/golden-config.yaml", "--check", "latest-tag,edge-tag",
                "--format", format, "src/test/resources/inputs/golden");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "sarif", "junit"})
    void formatMatchesGolden(String format) throws IOException {
        Cli.Outcome outcome = goldenRun(format);
        assertThat(outcome.exitCode()).as("the broken document makes the run exit 2").isEqualTo(2);
        Path golden = GOLDEN.resolve("lint." + (format.equals("junit") ? "xml" : format.equals("text") ? "txt" : format));
        // The version is the pom's, which changes with every release: the golden files name it as ${version}.
        String out = outcome.out().replace("\"" + Tool.VERSION + "\"", "\"${version}\"");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, out, StandardCharsets.UTF_8);
        }
        assertThat(out).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        if (!format.equals("text")) {
            assertThat(outcome.err()).as("machine formats keep stdout clean and name the input error on stderr")
                    .contains("broken.yaml:16: invalid YAML");
        }
    }
}
