package dev.palisade.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** What a TLS server presents: its private key and its certificate chain, leaf first. */
public record ServingIdentity(PrivateKey key, List<X509Certificate> chain) {
    public ServingIdentity {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a serving identity needs at least one certificate");
        }
        chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }
}
