package dev.palisade.tls;

import java.util.List;

/**
 * The names the API server may use to reach the webhook's Service. The API server dials
 * {@code https://NAME.NAMESPACE.svc:PORT} for a {@code service} reference in a ValidatingWebhookConfiguration and
 * verifies the serving certificate against that host name, so the certificate must carry it as a DNS SAN; the other
 * forms cover in-cluster clients that use the short or fully qualified names.
 */
public final class ServiceDnsNames {
    private ServiceDnsNames() {}

    public static List<String> of(String service, String namespace) {
        return List.of(service, service + "." + namespace, service + "." + namespace + ".svc",
                service + "." + namespace + ".svc.cluster.local");
    }
}
