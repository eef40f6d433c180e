package dev.palisade.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A private certificate authority and the serving identity it signed: what {@code palisade certs} writes and what the
 * ValidatingWebhookConfiguration's {@code caBundle} must contain ({@link #ca()}).
 */
public record CertificateSet(X509Certificate ca, PrivateKey caKey, ServingIdentity serving) {}
