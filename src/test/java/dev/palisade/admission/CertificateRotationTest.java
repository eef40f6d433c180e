package dev.palisade.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.tls.CertificateFiles;
import dev.palisade.tls.CertificateIssuer;
import dev.palisade.tls.CertificateSet;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation as cert-manager or a Secret update does it: a new pair, from a new CA, lands in the folder while requests
 * keep flowing. Every request must succeed, and new connections must get the new certificate, without a restart.
 */
class CertificateRotationTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: team-a}
            spec:
              containers: [{name: web, image: "web:latest"}]
            """;

    @TempDir
    Path folder;

    @Test
    void aRotatedPairIsServedToNewConnectionsWhileRequestsKeepSucceeding() throws Exception {
        CertificateIssuer issuer = new CertificateIssuer();
        CertificateSet first = issuer.issue("first", List.of("localhost"), List.of(), Duration.ofDays(1));
        CertificateSet second = issuer.issue("second", List.of("localhost"), List.of(), Duration.ofDays(1));
        CertificateFiles files = new CertificateFiles(folder);
        files.write(first);
        Path config = Path.of("src/test/resources/admission/webhook-test.palisade.yaml");
        try (WebhookServer.Running server = WebhookServer.start(new WebhookOptions("127.0.0.1", 0, folder,
                PalisadeConfig.parse(config.toString(), Files.readString(config)), true, "palisade",
                Duration.ofMillis(200), null, null), "text")) {
            List<java.security.cert.X509Certificate> bothCas = List.of(first.ca(), second.ca());
            BigInteger firstSerial = first.serving().leaf().getSerialNumber();
            BigInteger secondSerial = second.serving().leaf().getSerialNumber();
            assertEquals(firstSerial, new WebhookClient(server.port(), bothCas).get("/actuator/health/liveness")
                    .serverCertificate().getSerialNumber());

            // Load: two threads, one keep-alive client each, a bounded number of reviews.
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger answered = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> load = List.of(0, 1).stream().map(i -> Thread.ofPlatform().start(() -> {
                WebhookClient client = new WebhookClient(server.port(), bothCas);
                for (int n = 0; n < 5_000 && !stop.get(); n++) {
                    try {
                        WebhookClient.Answer answer = client.post(Reviews.create("team-a", POD));
                        if (answer.status() != 200 || answer.response().path("allowed").asBoolean(true)) {
                            failures.add(answer.status() + " " + answer.raw());
                        }
                        answered.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            })).toList();

            for (int attempt = 0; attempt < 300 && answered.get() < 20; attempt++) {
                Thread.sleep(100);
            }
            int beforeRotation = answered.get();
            files.writeServing(second.serving());
            BigInteger seen = firstSerial;
            for (int attempt = 0; attempt < 100 && !seen.equals(secondSerial); attempt++) {
                Thread.sleep(100);
                // A new client is a new connection, so it sees what Tomcat serves now.
                seen = new WebhookClient(server.port(), bothCas).get("/actuator/health/liveness").serverCertificate().getSerialNumber();
            }
            int atRotation = answered.get();
            for (int attempt = 0; attempt < 300 && answered.get() < atRotation + 20; attempt++) {
                Thread.sleep(100);
            }
            int beforeStop = answered.get();
            stop.set(true);
            for (Thread thread : load) {
                thread.join(Duration.ofSeconds(30));
            }
            assertEquals(secondSerial, seen, "the rotated certificate is served to new connections");
            assertTrue(failures.isEmpty(), "requests failed during rotation: " + failures);
            assertTrue(beforeRotation >= 20 && beforeStop >= atRotation + 20,
                    "requests flowed before (" + beforeRotation + ") and after (" + (beforeStop - atRotation) + ") the rotation");

            // A client that trusts only the new CA now succeeds; one that trusts only the old CA cannot connect.
            WebhookClient.Answer fresh = new WebhookClient(server.port(), List.of(second.ca())).post(Reviews.create("team-a", POD));
            assertNotNull(fresh.serverCertificate());
            assertFalse(fresh.response().path("allowed").asBoolean(true));
            Exception refused = null;
            try {
                new WebhookClient(server.port(), List.of(first.ca())).get("/actuator/health/liveness");
            } catch (javax.net.ssl.SSLHandshakeException e) {
                refused = e;
            }
            assertNotNull(refused, "the old CA no longer validates the served certificate");
        }
    }

    @Test
    void aHalfWrittenPairIsIgnoredAndTheCurrentCertificateKept() throws Exception {
        CertificateIssuer issuer = new CertificateIssuer();
        CertificateSet first = issuer.issue("first", List.of("localhost"), List.of(), Duration.ofDays(1));
        CertificateSet second = issuer.issue("second", List.of("localhost"), List.of(), Duration.ofDays(1));
        CertificateFiles files = new CertificateFiles(folder);
        files.write(first);
        List<dev.palisade.tls.ServingIdentity> installed = new java.util.ArrayList<>();
        try (dev.palisade.tls.CertificateFolderWatcher watcher = new dev.palisade.tls.CertificateFolderWatcher(files, installed::add)) {
            // The new certificate with the old key: a writer caught between its two files.
            new CertificateFiles(folder.resolve("next")).writeServing(second.serving());
            Files.copy(folder.resolve("next/tls.crt"), folder.resolve("tls.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            watcher.poll();
            assertTrue(installed.isEmpty(), "a mismatched pair must not be installed");
            Files.copy(folder.resolve("next/tls.key"), folder.resolve("tls.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            watcher.poll();
            assertEquals(1, installed.size());
            assertEquals(second.serving().leaf(), installed.get(0).leaf());
        }
    }
}
