package dev.palisade.admission;

import dev.palisade.config.PalisadeConfig;
import java.nio.file.Path;
import java.time.Duration;

/** What {@code palisade serve} runs: start, say where, and block until shut down (SIGTERM finishes in-flight reviews). */
public final class WebhookCommandLine {
    private WebhookCommandLine() {}

    public static int serve(String address, int port, Path certs, Path config, boolean offline, String namespace,
            String logFormat, int reloadSeconds) throws InterruptedException {
        PalisadeConfig palisadeConfig = PalisadeConfig.load(config);
        WebhookOptions options = new WebhookOptions(address, port, certs, palisadeConfig, offline, namespace,
                Duration.ofSeconds(reloadSeconds), null, null);
        WebhookServer.Running running = WebhookServer.start(options, logFormat);
        String host = address.equals("0.0.0.0") || address.equals("::") ? "localhost" : address;
        String url = "https://" + host + ":" + running.port();
        System.err.printf("palisade webhook: %s/validate (%s; certificates in %s, CA %s)%n", url,
                offline ? "offline: no cluster, NetworkPolicy coverage skipped" : "live cluster caches", certs, certs.resolve("ca.crt"));
        System.err.printf("try: curl -s --cacert %s -H 'Content-Type: application/json' --data @src/test/resources/admission/pod-latest.json %s/validate%n",
                certs.resolve("ca.crt"), url);
        System.err.printf("health: %s/actuator/health/readiness   metrics: %s/actuator/prometheus%n", url, url);
        running.awaitClose();
        return 0;
    }
}
