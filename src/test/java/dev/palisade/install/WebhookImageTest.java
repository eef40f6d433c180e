package dev.palisade.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.admission.Reviews;
import dev.palisade.report.Tool;
import dev.palisade.testing.TrustOnly;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook image (target/image/palisade-webhook.tar) unpacked and run as a container runtime would run it. */
@ImageTest
class WebhookImageTest {
    @TempDir
    static Path work;
    static OciImage image;
    static ImageRoot root;

    @BeforeAll
    static void unpack() throws IOException {
        image = OciImage.open(OciImage.WEBHOOK, Files.createDirectory(work.resolve("layout")));
        root = new ImageRoot(image, image.unpack(Files.createDirectory(work.resolve("root"))));
    }

    @AfterAll
    static void remove() {
        Command.removeTree(work.resolve("root"));
    }

    @Test
    void entrypointPrintsTheVersionAsUser65532OnAReadOnlyRoot() {
        assertEquals("65532:65532", image.user());
        Command.Result result = root.entrypoint(List.of(), List.of(), "--version");
        assertEquals(0, result.exit(), result.describe());
        assertEquals("palisade " + Tool.VERSION, result.out().strip());
    }

    @Test
    void lintsAMountedFolderWithTheCliExitCodes() throws IOException {
        Path manifests = Files.createDirectories(work.resolve("manifests"));
        Files.copy(Command.PROJECT.resolve("examples/insecure-pod.yaml"), manifests.resolve("insecure-pod.yaml"));
        String volume = manifests + ":/src:ro";

        Command.Result insecure = root.entrypoint(List.of(volume), List.of(), "lint", "/src/insecure-pod.yaml");
        assertEquals(1, insecure.exit(), insecure.describe());
        assertTrue(insecure.out().contains("/src/insecure-pod.yaml:14: critical baseline-privileged"), insecure.describe());

        Command.Result missing = root.entrypoint(List.of(volume), List.of(), "lint", "/src/no-such-file.yaml");
        assertEquals(2, missing.exit(), missing.describe());
    }

    @Test
    void aotCacheIsAcceptedAndRefusedOnceTheClassPathChanges() throws IOException {
        List<String> aotRequired = List.of("JDK_JAVA_OPTIONS=-XX:AOTMode=on");
        Command.Result accepted = root.entrypoint(List.of(), aotRequired, "--version");
        assertEquals(0, accepted.exit(), "the AOT cache made at build time must fit the image: " + accepted.describe());

        Path jar = root.path().resolve("opt/palisade/palisade.jar");
        FileTime built = Files.getLastModifiedTime(jar);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(built.toMillis() + 1000));
        try {
            Command.Result refused = root.entrypoint(List.of(), aotRequired, "--version");
            assertNotEquals(0, refused.exit(), "a changed jar must invalidate the cache: " + refused.describe());
            assertTrue((refused.out() + refused.err()).contains("Unable to use AOT cache"), refused.describe());
        } finally {
            Files.setLastModifiedTime(jar, built);
        }
    }

    @Test
    void hasNoShellNoPackageManagerAndNothingSetuid() throws IOException {
        for (String tool : List.of("bin/sh", "bin/bash", "bin/dash", "bin/busybox", "usr/bin/apt", "usr/bin/apt-get",
                "usr/bin/dpkg", "bin/su", "usr/bin/sudo")) {
            assertFalse(Files.exists(root.path().resolve(tool)), tool + " must not be in the image");
        }
        try (Stream<Path> files = Files.walk(root.path())) {
            List<Path> special = files.filter(f -> !Files.isSymbolicLink(f)).filter(f -> {
                try {
                    int mode = (int) Files.getAttribute(f, "unix:mode");
                    return (mode & 06000) != 0;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertEquals(List.of(), special, "setuid or setgid files");
        }
        assertEquals(Set.of(PosixFilePermission.values()), Files.getPosixFilePermissions(root.path().resolve("tmp")),
                "/tmp is world-writable (with the sticky bit) for the JVM and Tomcat");
    }

    @Test
    void runtimeIsAJlinkImageWithoutTheJdkTools() {
        Command.Result modules = root.exec(image.user(), List.of(), List.of(), List.of("/opt/java/bin/java", "--list-modules"));
        assertEquals(0, modules.exit(), modules.describe());
        assertTrue(modules.out().contains("java.base@"), modules.out());
        assertTrue(modules.out().contains("jdk.zipfs@"), "the jar file system the catalogue is read with: " + modules.out());
        for (String tool : List.of("jdk.compiler@", "jdk.jlink@", "jdk.jshell@", "jdk.jdeps@")) {
            assertFalse(modules.out().contains(tool), tool + " is a JDK tool, not needed at run time");
        }
        assertFalse(Files.exists(root.path().resolve("opt/java/bin/javac")));
    }

    @Test
    void javaTrustsExactlyDebiansCaCertificates() throws Exception {
        Path bundle = root.path().resolve("etc/ssl/certs/ca-certificates.crt");
        int pemCertificates;
        try (InputStream in = Files.newInputStream(bundle)) {
            pemCertificates = CertificateFactory.getInstance("X.509").generateCertificates(in).size();
        }
        KeyStore cacerts = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(root.path().resolve("opt/java/lib/security/cacerts"))) {
            cacerts.load(in, null);
        }
        assertTrue(pemCertificates > 100, "Debian ships well over 100 roots, found " + pemCertificates);
        assertEquals(pemCertificates, cacerts.size());
        for (String pkg : List.of("libc6", "ca-certificates")) {
            assertTrue(Files.readString(root.path().resolve("var/lib/dpkg/status.d/" + pkg)).contains("Version: "),
                    pkg + " is recorded for image scanners");
        }
    }

    @Test
    void labelsNameSourceVersionRevisionAndLicences() {
        Map<String, String> labels = image.labels();
        assertTrue(labels.get("org.opencontainers.image.source").startsWith("https://"), labels.toString());
        assertEquals(ProjectVersion.fromPom(), labels.get("org.opencontainers.image.version"));
        Command.Result head = Command.run(Duration.ofSeconds(30), "git", "rev-parse", "HEAD");
        assertEquals(head.out().strip(), labels.get("org.opencontainers.image.revision"), "built from this commit");
        assertFalse(labels.getOrDefault("org.opencontainers.image.licenses", "").isBlank(), labels.toString());
        assertEquals("ghcr.io/palisade-dev/palisade:" + ProjectVersion.fromPom(),
                image.index.path("manifests").path(0).path("annotations").path("io.containerd.image.name").asText());
    }

    @Test
    void servesAdmissionReviewsOverHttpsAndDeniesTheInsecurePod() throws Exception {
        Path certs = Files.createDirectories(work.resolve("certs"));
        Files.setAttribute(certs, "unix:uid", 65532);
        Command.Result made = root.entrypoint(List.of(certs + ":/certs"), List.of(), "certs", "--out", "/certs");
        assertEquals(0, made.exit(), made.describe());

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = work.resolve("serve.log");
        Process serve = root.start(image.user(), List.of(certs + ":/etc/palisade/certs:ro"), List.of("serve", "--offline",
                "--address", "127.0.0.1", "--port", Integer.toString(port), "--certs", "/etc/palisade/certs",
                "--log-format", "text"), log);
        try {
            X509Certificate ca;
            try (InputStream in = Files.newInputStream(certs.resolve("ca.crt"))) {
                ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            HttpClient client = HttpClient.newBuilder().sslContext(TrustOnly.of(List.of(ca)))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            String base = "https://localhost:" + port;
            awaitReady(client, base + "/actuator/health/readiness", serve, log);
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(base + "/validate"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(Reviews.create("default",
                            Files.readString(Command.PROJECT.resolve("examples/insecure-pod.yaml"))))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode response = new ObjectMapper().readTree(answer.body()).path("response");
            assertFalse(response.path("allowed").asBoolean(true), answer.body());
            assertTrue(response.path("status").path("message").asText().contains("privileged"), answer.body());
        } finally {
            Command.stop(serve);
        }
    }

    private static void awaitReady(HttpClient client, String readiness, Process serve, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(readiness)).timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() < deadline) {
            assertTrue(serve.isAlive(), "serve stopped: " + Files.readString(log));
            try {
                if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        throw new AssertionError("serve was not ready within 2 minutes: " + Files.readString(log));
    }
}
