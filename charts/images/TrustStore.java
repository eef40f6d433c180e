import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Locale;

/**
 * Writes Debian's CA certificates (the {@code *.crt} files of the ca-certificates package) as the image's Java trust
 * store, so that Java and the native tools of the image trust the same roots. The file is a password-less PKCS#12
 * (no MAC, no encryption, as the JDK's own cacerts) with entries in file-name order: the same certificates give the
 * same bytes, which keeps the image reproducible.
 *
 * <p>Usage: {@code java TrustStore.java CERTIFICATE_DIR OUTPUT}
 */
public final class TrustStore {
    public static void main(String[] args) throws IOException, GeneralSecurityException {
        if (args.length != 2) {
            System.err.println("usage: java TrustStore.java CERTIFICATE_DIR OUTPUT");
            System.exit(2);
        }
        // Read by the PKCS#12 writer; without them it draws a random salt for a MAC and for each certificate.
        System.setProperty("keystore.pkcs12.certProtectionAlgorithm", "NONE");
        System.setProperty("keystore.pkcs12.macAlgorithm", "NONE");
        List<Path> certificates;
        try (var files = Files.walk(Path.of(args[0]))) {
            certificates = files.filter(f -> f.toString().endsWith(".crt")).sorted().toList();
        }
        if (certificates.isEmpty()) {
            throw new IOException("no *.crt file under " + args[0]);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        for (Path certificate : certificates) {
            String name = certificate.getFileName().toString();
            String alias = name.substring(0, name.length() - ".crt".length()).toLowerCase(Locale.ROOT) + " [debian]";
            try (InputStream in = Files.newInputStream(certificate)) {
                store.setCertificateEntry(alias, x509.generateCertificate(in));
            }
        }
        try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
            store.store(out, new char[0]);
        }
        System.out.println(certificates.size() + " certificates in " + args[1]);
    }
}
