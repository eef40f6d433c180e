package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The readiness endpoint and the metrics, over real HTTP on loopback. */
class EnforcerMetricsTest {
    @Test
    void notReadyUntilTheFirstSyncThenReportsIt() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        HttpClient http = HttpClient.newHttpClient();
        try (EnforcerMetrics metrics = new EnforcerMetrics()) {
            metrics.serve("127.0.0.1", port);
            assertEquals(503, get(http, port, "/readyz").statusCode());
            metrics.synced(1537, 31, 2, 652_300);
            metrics.syncErrors.incrementAndGet();
            metrics.flowsCut.addAndGet(3);
            assertEquals(200, get(http, port, "/readyz").statusCode());
            assertEquals(200, get(http, port, "/healthz").statusCode());
            String text = get(http, port, "/metrics").body();
            assertTrue(text.contains("\npalisade_enforcer_rules 1537\n"), text);
            assertTrue(text.contains("\npalisade_enforcer_ipsets 31\n"), text);
            assertTrue(text.contains("\npalisade_enforcer_vxlan_peers 2\n"), text);
            assertTrue(text.contains("\npalisade_enforcer_last_sync_seconds 0.6523\n"), text);
            assertTrue(text.contains("\npalisade_enforcer_sync_errors_total 1\n"), text);
            assertTrue(text.contains("\npalisade_enforcer_flows_cut_total 3\n"), text);
            assertTrue(text.contains("\npalisade_enforcer_flow_cut_errors_total 0\n"), text);
        }
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
