package dev.palisade.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node enforcer image (target/image/palisade-enforcer.tar) unpacked and run as a container runtime would. */
@ImageTest
class EnforcerImageTest {
    private static final String ROOT = "0:0";

    @TempDir
    static Path work;
    static OciImage image;
    static ImageRoot root;

    @BeforeAll
    static void unpack() throws IOException {
        image = OciImage.open(OciImage.ENFORCER, Files.createDirectory(work.resolve("layout")));
        root = new ImageRoot(image, image.unpack(Files.createDirectory(work.resolve("root"))));
    }

    @AfterAll
    static void remove() {
        Command.removeTree(work.resolve("root"));
    }

    @Test
    void aPlainRunPrintsTheEnforcersHelp() {
        assertEquals(List.of("enforce", "--help"), image.cmd());
        Command.Result help = root.defaultCommand();
        assertEquals(0, help.exit(), help.describe());
        assertTrue(help.out().startsWith("Usage: palisade enforce"), help.describe());
        assertTrue(help.out().contains("--deny-action"), help.describe());
    }

    @Test
    void carriesIptablesWithTheNftBackendIpsetAndConntrack() {
        assertEquals("iptables v1.8", version("iptables", "--version").substring(0, 13));
        assertTrue(version("iptables", "--version").contains("(nf_tables)"), "Debian's default backend");
        assertTrue(version("iptables-restore", "--version").contains("(nf_tables)"));
        assertTrue(version("ipset", "--version").startsWith("ipset v"));
        assertTrue(version("conntrack", "--version").startsWith("conntrack v"));
    }

    /** The libraries of the image's iptables reach the kernel: a chain made in a network namespace of the test's own. */
    @Test
    void itsIptablesProgramsTheKernelInAFreshNetworkNamespace() {
        List<String> command = new ArrayList<>(List.of("unshare", "--net", Command.PROJECT.resolve("scripts/image-run").toString(),
                "--user", ROOT));
        image.env().forEach(variable -> command.addAll(List.of("--env", variable)));
        command.addAll(List.of(root.path().toString(), "/usr/sbin/iptables", "-w", "-N", "PALISADE-IMAGE-TEST"));
        Command.Result created = Command.run(Duration.ofMinutes(1), Map.of(), command);
        assertEquals(0, created.exit(), created.describe());
    }

    @Test
    void isTheWebhookImageWithTheNetfilterToolsOnTop() throws IOException {
        OciImage webhook = OciImage.open(OciImage.WEBHOOK, Files.createDirectory(work.resolve("webhook-layout")));
        List<String> layers = image.layers();
        assertEquals(webhook.layers().size() + 1, layers.size(), "one layer more than the webhook image");
        assertEquals(webhook.layers(), layers.subList(0, webhook.layers().size()), "shared layers, pulled once per node");
        assertEquals(webhook.entrypoint(), image.entrypoint());
        assertEquals("65532:65532", image.user(), "non-root unless the DaemonSet says root");
    }

    private static String version(String tool, String flag) {
        Command.Result result = root.exec(ROOT, List.of(), List.of(), List.of(tool, flag));
        assertEquals(0, result.exit(), result.describe());
        return (result.out() + result.err()).strip();
    }
}
