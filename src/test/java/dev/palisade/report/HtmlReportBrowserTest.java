package dev.palisade.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.cli.Cli;
import dev.palisade.testing.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML pages in a real browser (Debian's headless Chromium): the lint report renders its findings, its severity,
 * check and namespace filters hide and show the right ones, exempted findings stand apart, and the network-policy
 * matrix explains a cell on click. Each page is also captured as a PNG under target/browser/.
 */
class HtmlReportBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target/browser");
    private static final String CHECKS = "latest-tag,privileged-ports,ssh-port,baseline-privileged";
    private static HeadlessChromium browser;

    @TempDir
    static Path folder;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private static Path input() throws IOException {
        Path input = Files.createDirectories(folder.resolve("manifests"));
        Files.writeString(input.resolve("shop.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: shop}
                spec:
                  containers:
                    - name: nginx
                      image: registry.example.com/nginx:latest
                      ports: [{name: http, containerPort: 80}]
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: canary
                  namespace: shop
                  annotations: {ignore-check.palisade.dev/latest-tag: "nightly canary, pinned by digest in prod"}
                spec:
                  containers: [{name: app, image: "registry.example.com/app:latest"}]
                """);
        Files.writeString(input.resolve("ops.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: toolbox, namespace: ops}
                spec:
                  containers:
                    - name: toolbox
                      image: registry.example.com/toolbox:1.0.0
                      ports: [{name: ssh, containerPort: 22}]
                      securityContext: {privileged: true}
                """);
        return input;
    }

    @Test
    void theLintReportRendersAndItsFiltersWork() throws IOException {
        Path input = input();
        Cli.Outcome html = Cli.run("lint", "--check", CHECKS, "--format", "html", input.toString());
        JsonNode json = new ObjectMapper().readTree(Cli.run("lint", "--check", CHECKS, "--format", "json", input.toString()).out());
        int total = json.path("findings").size();
        assertThat(total).as("the fixture has findings").isGreaterThanOrEqualTo(5);
        Path page = Files.writeString(folder.resolve("report.html"), html.out());
        browser.open(page.toUri());

        assertThat(browser.evaluate("document.title").asText()).isEqualTo("Palisade lint report");
        assertThat(visible()).as("every finding is shown at first").isEqualTo(total);
        assertThat(browser.evaluate("document.getElementById('shown').textContent").asText())
                .isEqualTo(total + " of " + total + " findings shown");
        assertThat(browser.evaluate("document.querySelectorAll('pre.source span.hit').length").asInt())
                .as("each finding shows its source line").isEqualTo(total + json.path("exempted").size());

        int medium = json.path("summary").path("bySeverity").path("medium").asInt();
        assertThat(medium).isPositive();
        browser.evaluate("document.getElementById('f-severity-medium').click()");
        assertThat(visible()).as("unticking medium hides the medium findings").isEqualTo(total - medium);
        assertThat(browser.evaluate("Array.from(document.querySelectorAll('.finding:not([hidden])'))"
                + ".every(f => f.dataset.severity !== 'medium')").asBoolean()).isTrue();
        browser.evaluate("document.getElementById('f-severity-medium').click()");

        select("f-check", "ssh-port");
        assertThat(visible()).isEqualTo(count(json, "check", "ssh-port"));
        assertThat(browser.evaluate("document.querySelector('.file:not([hidden]) h3').textContent").asText()).endsWith("ops.yaml");
        select("f-check", "");

        select("f-namespace", "shop");
        assertThat(visible()).isEqualTo(countNamespace(json, "shop"));
        select("f-namespace", "");

        assertThat(browser.evaluate("document.querySelectorAll('#exempted .finding.exempt').length").asInt()).isEqualTo(1);
        assertThat(browser.evaluate("document.querySelector('#exempted .reason').textContent").asText())
                .contains("nightly canary, pinned by digest in prod");
        assertThat(browser.evaluate("document.querySelectorAll('#findings .exempt').length").asInt())
                .as("exempted findings are not among the findings").isZero();
        assertThat(browser.evaluate("document.querySelector('script[src], link[rel=stylesheet], img[src^=http]') === null")
                .asBoolean()).as("nothing is loaded from elsewhere").isTrue();
        screenshot("lint-report.png");
    }

    @Test
    void theMatrixIsAColourMapThatExplainsACellOnClick() throws IOException {
        Cli.Outcome html = Cli.run("netpol", "matrix", "--format", "html", "--port", "80/TCP",
                "examples/netpol-products-pods.yaml");
        assertThat(html.exitCode()).as(html.err()).isZero();
        Path page = Files.writeString(folder.resolve("matrix.html"), html.out());
        browser.open(page.toUri());

        int pods = browser.evaluate("JSON.parse(document.getElementById('matrix-data').textContent).pods.length").asInt();
        assertThat(pods).isGreaterThanOrEqualTo(3);
        assertThat(browser.evaluate("document.querySelectorAll('table.matrix td').length").asInt()).isEqualTo(pods * pods);
        int denied = browser.evaluate("document.querySelectorAll('table.matrix td.denied').length").asInt();
        assertThat(denied).as("the products policies deny some pairs").isPositive();
        assertThat(browser.evaluate("getComputedStyle(document.querySelector('td.denied')).backgroundColor").asText())
                .isNotEqualTo(browser.evaluate("getComputedStyle(document.querySelector('td.allowed')).backgroundColor").asText());

        browser.evaluate("document.querySelector('td.denied').click()");
        String explanation = browser.evaluate("document.getElementById('explanation').textContent").asText();
        assertThat(explanation).contains(" -> ").contains("on 80/TCP: DENIED");
        browser.evaluate("document.querySelector('td.allowed').click()");
        assertThat(browser.evaluate("document.getElementById('explanation').textContent").asText()).contains("ALLOWED");
        screenshot("netpol-matrix.png");
    }

    private static int visible() {
        return browser.evaluate("document.querySelectorAll('#findings .finding:not([hidden])').length").asInt();
    }

    private static void select(String id, String value) {
        browser.evaluate("(function(){var s=document.getElementById('" + id + "');s.value='" + value
                + "';s.dispatchEvent(new Event('change'));})()");
    }

    private static int count(JsonNode json, String field, String value) {
        int n = 0;
        for (JsonNode finding : json.path("findings")) {
            n += finding.path(field).asText().equals(value) ? 1 : 0;
        }
        return n;
    }

    private static int countNamespace(JsonNode json, String namespace) {
        int n = 0;
        for (JsonNode finding : json.path("findings")) {
            n += finding.path("object").path("namespace").asText().equals(namespace) ? 1 : 0;
        }
        return n;
    }

    /** Captures the page, checks that it is a real, non-blank PNG, and keeps it under target/browser/. */
    private static void screenshot(String name) throws IOException {
        byte[] png = browser.screenshot();
        assertThat(png).as("a PNG").hasSizeGreaterThan(1000).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isPositive();
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours).as("the page drew something, not a blank canvas").hasSizeGreaterThan(5);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), png);
    }
}
