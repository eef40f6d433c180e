package dev.palisade.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateIssuerTest {
    @TempDir
    Path folder;

    @Test
    void theServingCertificateNamesTheServiceAndIsSignedByTheCa() throws Exception {
        CertificateSet set = new CertificateIssuer().issue("palisade-webhook.guard.svc",
                DevelopmentCertificates.dnsNames("palisade-webhook", "guard", List.of()), List.of("127.0.0.1"), Duration.ofDays(30));
        X509Certificate leaf = set.serving().leaf();
        leaf.verify(set.ca().getPublicKey());
        set.ca().verify(set.ca().getPublicKey());
        List<String> names = leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertTrue(names.containsAll(List.of("palisade-webhook.guard.svc", "palisade-webhook.guard.svc.cluster.local",
                "localhost", "127.0.0.1")), names.toString());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), leaf.getExtendedKeyUsage(), "serverAuth");
        assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
        assertEquals(0, set.ca().getBasicConstraints(), "a CA with pathLen 0");
    }

    @Test
    void filesRoundTripAndAMismatchedKeyIsNamed() throws Exception {
        CertificateIssuer issuer = new CertificateIssuer();
        CertificateSet one = issuer.issue("one", List.of("localhost"), List.of(), Duration.ofDays(1));
        CertificateSet two = issuer.issue("two", List.of("localhost"), List.of(), Duration.ofDays(1));
        CertificateFiles files = new CertificateFiles(folder);
        files.write(one);
        assertEquals(one.serving().leaf(), files.readServing().leaf());
        assertEquals(one.ca(), files.readCa());
        assertTrue(Files.readString(files.key()).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(files.key())));
        new CertificateFiles(folder.resolve("two")).writeServing(two.serving());
        Files.copy(folder.resolve("two/tls.key"), files.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(assertThrows(java.io.IOException.class, files::readServing).getMessage().contains("does not belong to the certificate"));
    }

    @Test
    void aHostNameIsNotAcceptedAsAnIpAddress() {
        assertThrows(IllegalArgumentException.class,
                () -> new CertificateIssuer().issue("x", List.of(), List.of("example.com"), Duration.ofDays(1)));
    }
}
