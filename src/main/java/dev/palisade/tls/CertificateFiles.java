package dev.palisade.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * The certificate folder, laid out like a Kubernetes TLS Secret and cert-manager's Secrets so that the same folder
 * works as a mounted Secret: {@code tls.crt} (serving chain, leaf first), {@code tls.key} (its key: PKCS#8, or the
 * SEC1/PKCS#1 forms cert-manager writes), {@code ca.crt} (the CA for the caBundle) and, only when Palisade made the
 * CA, {@code ca.key}.
 */
public final class CertificateFiles {
    public static final String CERTIFICATE = "tls.crt";
    public static final String KEY = "tls.key";
    public static final String CA = "ca.crt";
    public static final String CA_KEY = "ca.key";

    private final Path folder;

    public CertificateFiles(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    public Path certificate() {
        return folder.resolve(CERTIFICATE);
    }

    public Path key() {
        return folder.resolve(KEY);
    }

    public Path ca() {
        return folder.resolve(CA);
    }

    /** True when the folder is missing or holds neither a serving certificate nor a key. */
    public boolean absent() {
        return !Files.exists(certificate()) && !Files.exists(key());
    }

    /** Writes the whole set; each file is replaced atomically so that a watching server never reads half a file. */
    public void write(CertificateSet set) throws IOException {
        Files.createDirectories(folder);
        writeAtomically(folder.resolve(CA_KEY), pem(set.caKey()), true);
        writeAtomically(ca(), pem(set.ca()), false);
        writeServing(set.serving());
    }

    /** Replaces the serving pair, key first: a reader that sees the new certificate also finds its key. */
    public void writeServing(ServingIdentity identity) throws IOException {
        Files.createDirectories(folder);
        writeAtomically(key(), pem(identity.key()), true);
        StringBuilder chain = new StringBuilder();
        for (X509Certificate certificate : identity.chain()) {
            chain.append(pem(certificate));
        }
        writeAtomically(certificate(), chain.toString(), false);
    }

    /** Reads the serving pair; the error names the file and what is wrong. */
    public ServingIdentity readServing() throws IOException {
        List<X509Certificate> chain = readCertificates(certificate());
        PrivateKey key = readKey(key());
        if (!KeyPairMatch.matches(key, chain.get(0).getPublicKey())) {
            throw new IOException(key() + " does not belong to the certificate in " + certificate()
                    + " (a rotation in progress writes both; otherwise regenerate the pair)");
        }
        return new ServingIdentity(key, chain);
    }

    public X509Certificate readCa() throws IOException {
        return readCertificates(ca()).get(0);
    }

    /** The base64 of the PEM CA certificate: the value of a webhook's {@code clientConfig.caBundle}. */
    public static String caBundle(X509Certificate ca) {
        return Base64.getEncoder().encodeToString(pem(ca).getBytes(StandardCharsets.US_ASCII));
    }

    static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (Reader reader = new StringReader(Files.readString(file, StandardCharsets.US_ASCII));
             PEMParser parser = new PEMParser(reader)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        } catch (CertificateException | RuntimeException e) {
            throw new IOException(file + ": not a PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + ": holds no PEM CERTIFICATE block");
        }
        return certificates;
    }

    static PrivateKey readKey(Path file) throws IOException {
        try (Reader reader = new StringReader(Files.readString(file, StandardCharsets.US_ASCII));
             PEMParser parser = new PEMParser(reader)) {
            Object item;
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            while ((item = parser.readObject()) != null) {
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (item instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a PEM private key: " + e.getMessage(), e);
        }
        throw new IOException(file + ": holds no unencrypted PEM private key (PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
    }

    static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new JcaPKCS8Generator(key, null)); // PKCS#8 "PRIVATE KEY", readable by every tool
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode PEM: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private void writeAtomically(Path target, String text, boolean secret) throws IOException {
        Path temporary = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the folder's own permissions apply
            }
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
