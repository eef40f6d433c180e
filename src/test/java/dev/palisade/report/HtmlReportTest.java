package dev.palisade.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report's markup without a browser: what a manifest says never becomes markup, and nothing is fetched. */
class HtmlReportTest {

    @Test
    void manifestTextIsEscapedWhereverItAppears(@TempDir Path folder) throws IOException {
        Path input = Files.writeString(folder.resolve("evil.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: x, namespace: "</script><script>alert(1)</script>"}
                spec:
                  containers:
                    - name: "<img src=x onerror=alert(2)>"
                      image: "registry.example.com/app:latest"
                """);
        Cli.Outcome outcome = Cli.run("lint", "--check", "latest-tag", "--format", "html", input.toString());
        assertThat(outcome.exitCode()).isZero();
        String html = outcome.out();
        assertThat(html).doesNotContain("<img src=x").doesNotContain("<script>alert(1)")
                .contains("&lt;img src=x onerror=alert(2)&gt;")
                .contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html.split("<script>", -1)).as("one inline script, the filter").hasSize(2);
        assertThat(html).contains("Content-Security-Policy").doesNotContain("src=\"http").doesNotContain("<link ");
    }

    @Test
    void aRunWithoutFindingsSaysSo(@TempDir Path folder) throws IOException {
        Path input = Files.writeString(folder.resolve("ok.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: shop}
                data: {logLevel: info}
                """);
        String html = Cli.run("lint", "--check", "latest-tag", "--format", "html", input.toString()).out();
        assertThat(html).contains("<p>No findings.</p>").contains("<p>No exempted findings.</p>")
                .contains("1 object · 0 findings · 0 exempted");
    }
}
