package dev.palisade.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues a private CA and a serving certificate for the webhook (pure: no files, no network). ECDSA P-256 with
 * SHA-256, which every supported API server and TLS 1.2/1.3 client accepts. The serving certificate carries the
 * names as subjectAltName (Go's TLS stack, used by the API server, ignores the common name), the serverAuth extended
 * key usage, and digitalSignature; the CA is {@code cA:true, pathLen:0} with keyCertSign and cRLSign.
 */
public final class CertificateIssuer {
    private static final String SIGNATURE = "SHA256withECDSA";
    /** Tolerates API server clocks a little behind ours. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public CertificateIssuer() {
        this(Clock.systemUTC());
    }

    public CertificateIssuer(Clock clock) {
        this.clock = clock;
    }

    /**
     * A new CA and a serving certificate it signed.
     *
     * @param commonName the serving certificate's CN (informational) and the CA's name prefix
     * @param dnsNames   DNS subjectAltNames, e.g. {@link ServiceDnsNames#of}
     * @param ipAddresses IP subjectAltNames (literal addresses only, e.g. 127.0.0.1 for a laptop)
     * @param validity   how long both stay valid
     */
    public CertificateSet issue(String commonName, List<String> dnsNames, List<String> ipAddresses, Duration validity) {
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("a serving certificate needs at least one DNS name or IP address");
        }
        try {
            KeyPair caKeys = newKeyPair();
            X500Name caName = new X500Name("CN=" + commonName + " webhook CA,O=palisade");
            Instant now = clock.instant();
            X509v3CertificateBuilder ca = builder(caName, caName, caKeys, now, validity);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            ca.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCertificate = sign(ca, caKeys.getPrivate());

            KeyPair servingKeys = newKeyPair();
            X509v3CertificateBuilder serving = builder(caName, new X500Name("CN=" + commonName + ",O=palisade"),
                    servingKeys, now, validity);
            serving.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            serving.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            serving.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            serving.addExtension(Extension.subjectAlternativeName, false, alternativeNames(dnsNames, ipAddresses));
            serving.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(servingKeys.getPublic()));
            serving.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(caCertificate));
            X509Certificate servingCertificate = sign(serving, caKeys.getPrivate());
            return new CertificateSet(caCertificate, caKeys.getPrivate(),
                    new ServingIdentity(servingKeys.getPrivate(), List.of(servingCertificate)));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot issue certificates: " + e.getMessage(), e);
        }
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Instant now, Duration validity) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, random).add(BigInteger.ONE),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
    }

    private static GeneralNames alternativeNames(List<String> dnsNames, List<String> ipAddresses) {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        for (String ip : ipAddresses) {
            names.add(new GeneralName(GeneralName.iPAddress, literalAddress(ip)));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    /** Only literal addresses: a host name here would trigger a DNS lookup. */
    private static String literalAddress(String ip) {
        if (!ip.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new IllegalArgumentException("\"" + ip + "\" is not a literal IP address");
        }
        try {
            return InetAddress.getByName(ip).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + ip + "\" is not a valid IP address");
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
