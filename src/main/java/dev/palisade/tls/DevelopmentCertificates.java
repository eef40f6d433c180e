package dev.palisade.tls;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The pair {@code palisade serve} makes when its certificate folder is empty, and the default names of
 * {@code palisade certs}: the webhook Service's names plus {@code localhost}, {@code 127.0.0.1} and {@code ::1}, so
 * that the same pair serves a laptop ({@code make run}, curl, the benchmark) and a cluster.
 */
public final class DevelopmentCertificates {
    public static final String DEFAULT_SERVICE = "palisade-webhook";
    public static final String DEFAULT_NAMESPACE = "palisade";
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    private DevelopmentCertificates() {}

    public static List<String> dnsNames(String service, String namespace, List<String> extra) {
        List<String> names = new ArrayList<>(ServiceDnsNames.of(service, namespace));
        names.add("localhost");
        names.addAll(extra);
        return names;
    }

    /** Writes a new CA and serving pair for the default Service names into an empty folder; returns the set. */
    public static CertificateSet create(CertificateFiles files, String namespace) throws IOException {
        CertificateSet set = new CertificateIssuer().issue(DEFAULT_SERVICE + "." + namespace + ".svc",
                dnsNames(DEFAULT_SERVICE, namespace, List.of()), List.of("127.0.0.1", "::1"), DEFAULT_VALIDITY);
        files.write(set);
        return set;
    }
}
