package dev.palisade.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * pom.xml is where the version is set; the chart repeats it (helm reads no pom) and this test keeps the two equal:
 * a release changes pom.xml and both fields of Chart.yaml together. The images are tagged with it (make image).
 */
class ChartVersionTest {
    @Test
    void chartVersionAndAppVersionAreTheProjectVersion() throws IOException {
        Map<String, Object> chart = new Yaml(new LoaderOptions()).load(
                Files.readString(Command.PROJECT.resolve(Helm.CHART).resolve("Chart.yaml")));
        String project = ProjectVersion.fromPom();
        assertEquals(project, String.valueOf(chart.get("appVersion")), "Chart.yaml appVersion must equal pom.xml's version");
        assertEquals(project, String.valueOf(chart.get("version")), "Chart.yaml version must equal pom.xml's version");
    }
}
