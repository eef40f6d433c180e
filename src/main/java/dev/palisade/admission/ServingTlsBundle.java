package dev.palisade.admission;

import dev.palisade.tls.ServingIdentity;
import dev.palisade.tls.TlsPolicy;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * The serving identity as a Spring Boot SSL bundle named {@value #NAME}, with {@link TlsPolicy}'s protocols and
 * suites. Tomcat serves {@code server.ssl.bundle=palisade} and swaps its SSL context in place when the bundle is
 * updated in the registry, so new connections get the new certificate while open ones finish on the old.
 */
final class ServingTlsBundle {
    static final String NAME = "palisade";
    private static final String ALIAS = "serving";
    /** Only protects the in-memory key store object; the key never touches disk from here. */
    private static final String PASSWORD = "in-memory";

    private ServingTlsBundle() {}

    static SslBundle of(ServingIdentity identity) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, identity.key(), PASSWORD.toCharArray(), identity.chain().toArray(Certificate[]::new));
            return SslBundle.of(SslStoreBundle.of(store, PASSWORD, null), SslBundleKey.of(PASSWORD, ALIAS),
                    SslOptions.of(TlsPolicy.CIPHER_SUITES.toArray(String[]::new), TlsPolicy.PROTOCOLS.toArray(String[]::new)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS key store: " + e.getMessage(), e);
        }
    }
}
