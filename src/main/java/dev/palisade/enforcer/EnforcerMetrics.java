package dev.palisade.enforcer;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the enforcer reports, in the Prometheus text format on {@code /metrics}, and its readiness on
 * {@code /readyz}: ready once the first sync has installed the ruleset (a DaemonSet rollout then waits for the
 * floor to be in place). The JDK's own HTTP server: the enforcer never starts Spring.
 */
final class EnforcerMetrics implements AutoCloseable {
    final AtomicLong rules = new AtomicLong();
    final AtomicLong sets = new AtomicLong();
    final AtomicLong peers = new AtomicLong();
    final AtomicLong syncs = new AtomicLong();
    final AtomicLong syncErrors = new AtomicLong();
    final AtomicLong driftRepairs = new AtomicLong();
    final AtomicLong skippedAddresses = new AtomicLong();
    final AtomicLong flowsCut = new AtomicLong();
    final AtomicLong flowCutErrors = new AtomicLong();
    final AtomicLong lastSyncMicros = new AtomicLong();
    private volatile boolean ready;
    private HttpServer server;

    void synced(int ruleCount, int setCount, int peerCount, long micros) {
        rules.set(ruleCount);
        sets.set(setCount);
        peers.set(peerCount);
        lastSyncMicros.set(micros);
        syncs.incrementAndGet();
        ready = true;
    }

    boolean ready() {
        return ready;
    }

    String text() {
        return "# HELP palisade_enforcer_rules Rules installed in the enforcer's chains.\n# TYPE palisade_enforcer_rules gauge\n"
                + "palisade_enforcer_rules " + rules.get() + "\n"
                + "# HELP palisade_enforcer_ipsets Sets installed.\n# TYPE palisade_enforcer_ipsets gauge\n"
                + "palisade_enforcer_ipsets " + sets.get() + "\n"
                + "# HELP palisade_enforcer_vxlan_peers Remote nodes in the overlay.\n# TYPE palisade_enforcer_vxlan_peers gauge\n"
                + "palisade_enforcer_vxlan_peers " + peers.get() + "\n"
                + "# HELP palisade_enforcer_last_sync_seconds Duration of the last successful sync.\n# TYPE palisade_enforcer_last_sync_seconds gauge\n"
                + "palisade_enforcer_last_sync_seconds " + (lastSyncMicros.get() / 1e6) + "\n"
                + "# HELP palisade_enforcer_syncs_total Successful syncs.\n# TYPE palisade_enforcer_syncs_total counter\n"
                + "palisade_enforcer_syncs_total " + syncs.get() + "\n"
                + "# HELP palisade_enforcer_sync_errors_total Failed syncs (the last good ruleset stayed).\n# TYPE palisade_enforcer_sync_errors_total counter\n"
                + "palisade_enforcer_sync_errors_total " + syncErrors.get() + "\n"
                + "# HELP palisade_enforcer_drift_repairs_total Times another tool changed the enforcer's chains or sets and they were restored.\n# TYPE palisade_enforcer_drift_repairs_total counter\n"
                + "palisade_enforcer_drift_repairs_total " + driftRepairs.get() + "\n"
                + "# HELP palisade_enforcer_skipped_addresses Malformed pod IPs, node addresses and CIDRs left out of the last sync.\n# TYPE palisade_enforcer_skipped_addresses gauge\n"
                + "palisade_enforcer_skipped_addresses " + skippedAddresses.get() + "\n"
                + "# HELP palisade_enforcer_flows_cut_total Established connections cut (conntrack entries deleted) because a policy change denied them.\n# TYPE palisade_enforcer_flows_cut_total counter\n"
                + "palisade_enforcer_flows_cut_total " + flowsCut.get() + "\n"
                + "# HELP palisade_enforcer_flow_cut_errors_total Applies after which the denied established connections could not be cut (retried at the next sync).\n# TYPE palisade_enforcer_flow_cut_errors_total counter\n"
                + "palisade_enforcer_flow_cut_errors_total " + flowCutErrors.get() + "\n";
    }

    /** Serves /metrics, /readyz and /healthz on {@code port} (0: not at all). */
    void serve(String address, int port) {
        if (port == 0) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 16);
        } catch (IOException e) {
            throw new EnforcerException("cannot serve metrics on " + address + ":" + port + ": " + e.getMessage() + " (--metrics-port)");
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200, text()));
        server.createContext("/readyz", exchange -> respond(exchange, ready ? 200 : 503, ready ? "ready\n" : "no ruleset installed yet\n"));
        server.createContext("/healthz", exchange -> respond(exchange, 200, "ok\n"));
        server.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
