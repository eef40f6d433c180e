package dev.palisade.e2e;

import dev.palisade.tls.CertificateFiles;
import dev.palisade.tls.ServingIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * A certificate folder made by {@code palisade certs} (a real run of the command): a new CA and a serving pair for
 * the webhook Service, 127.0.0.1 and localhost; {@code caBundle} is what the command printed on stdout.
 */
public record WebhookCertificates(Path folder, String caBundle) {

    public static WebhookCertificates issue(Path folder) {
        CommandResult certs = PalisadeProcess.run("certs", "--out", folder.toString(), "--namespace", TestCluster.WEBHOOK_NAMESPACE,
                "--service", "palisade-webhook", "--days", "2", "--force");
        if (certs.exitCode() != 0) {
            throw new IllegalStateException("palisade certs failed: " + certs);
        }
        return new WebhookCertificates(folder, certs.out().strip());
    }

    public X509Certificate ca() {
        try {
            return new CertificateFiles(folder).readCa();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CA in " + folder + ": " + e.getMessage(), e);
        }
    }

    public ServingIdentity serving() {
        try {
            return new CertificateFiles(folder).readServing();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the serving pair in " + folder + ": " + e.getMessage(), e);
        }
    }
}
