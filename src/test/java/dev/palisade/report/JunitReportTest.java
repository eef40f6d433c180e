package dev.palisade.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.engine.Finding;
import dev.palisade.engine.Severity;
import dev.palisade.source.InputError;
import dev.palisade.source.ObjectRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The JUnit XML is well-formed and has the shape CI systems render (the common JUnit schema as Jenkins, GitLab and
 * the GitHub test-report actions read it): {@code testsuites > testsuite > testcase > failure | skipped | error}, the
 * counts on each suite equal to what it holds, and case names unique within a suite.
 */
class JunitReportTest {
    private static final Set<String> CASE_CHILDREN = Set.of("failure", "skipped", "error");

    @Test
    void goldenRunHasTheJunitShapeAndConsistentCounts() throws Exception {
        Element root = parse(GoldenReportTest.goldenRun("junit").out());
        assertThat(root.getTagName()).isEqualTo("testsuites");
        int tests = 0;
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        List<String> suites = new ArrayList<>();
        for (Element suite : children(root)) {
            assertThat(suite.getTagName()).isEqualTo("testsuite");
            suites.add(suite.getAttribute("name"));
            int suiteFailures = 0;
            int suiteErrors = 0;
            int suiteSkipped = 0;
            Set<String> names = new HashSet<>();
            List<Element> cases = children(suite);
            for (Element testcase : cases) {
                assertThat(testcase.getTagName()).isEqualTo("testcase");
                assertThat(testcase.getAttribute("name")).isNotBlank();
                assertThat(testcase.getAttribute("classname")).isEqualTo(suite.getAttribute("name"));
                assertThat(names.add(testcase.getAttribute("name"))).as("unique case name %s", testcase.getAttribute("name")).isTrue();
                for (Element outcome : children(testcase)) {
                    assertThat(CASE_CHILDREN).contains(outcome.getTagName());
                    assertThat(outcome.hasAttribute("message")).isTrue();
                    switch (outcome.getTagName()) {
                        case "failure" -> suiteFailures++;
                        case "error" -> suiteErrors++;
                        default -> suiteSkipped++;
                    }
                }
            }
            assertThat(Integer.parseInt(suite.getAttribute("tests"))).isEqualTo(cases.size());
            assertThat(Integer.parseInt(suite.getAttribute("failures"))).isEqualTo(suiteFailures);
            assertThat(Integer.parseInt(suite.getAttribute("errors"))).isEqualTo(suiteErrors);
            assertThat(Integer.parseInt(suite.getAttribute("skipped"))).isEqualTo(suiteSkipped);
            tests += cases.size();
            failures += suiteFailures;
            errors += suiteErrors;
            skipped += suiteSkipped;
        }
        assertThat(suites).containsExactly("input", "edge-tag", "latest-tag");
        assertThat(Integer.parseInt(root.getAttribute("tests"))).isEqualTo(tests);
        assertThat(Integer.parseInt(root.getAttribute("failures"))).isEqualTo(failures).isEqualTo(5);
        assertThat(Integer.parseInt(root.getAttribute("errors"))).isEqualTo(errors).isEqualTo(1);
        assertThat(Integer.parseInt(root.getAttribute("skipped"))).isEqualTo(skipped).isEqualTo(1);
    }

    @Test
    void hostileTextStaysWellFormed() throws Exception {
        String nasty = "a <b> & \"c\" 'd' \u0001 ]]> \u00e9";
        Finding finding = new Finding("c<1>", "cat", Severity.HIGH, new ObjectRef("v1", "Pod", "n&s", nasty), "spec.x",
                "dir/f\"ile.yaml", 3, nasty, nasty, "", null);
        LintRun run = new LintRun(List.of(finding), List.of(), List.of(new InputError("x<y>.yaml", 2, nasty)), List.of(),
                1, List.of(), Severity.HIGH);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JunitReport().write(run, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Element root = parse(bytes.toString(StandardCharsets.UTF_8));
        Element failure = (Element) root.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo(nasty.replace('\u0001', '\uFFFD'));
        assertThat(root.getElementsByTagName("error").getLength()).isEqualTo(1);
    }

    private static Element parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return document.getDocumentElement();
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }
}
