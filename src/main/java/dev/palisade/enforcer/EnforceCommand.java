package dev.palisade.enforcer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.config.PalisadeConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code palisade enforce}: the node agent. Reads the cluster state (API server or files), installs default-deny,
 * the NetworkPolicy allow rules and the VXLAN overlay in the node's network namespace, and keeps them so.
 */
@Command(name = "enforce",
        description = {"Node agent: default-deny for pods, NetworkPolicy (Kubernetes and Calico) rules and the VXLAN overlay, "
                + "kept in sync with the cluster. Needs root (CAP_NET_ADMIN) in the node's network namespace.",
                "Exit codes: 0 applied (--once) or removed (--uninstall), 2 usage, input or kernel errors."},
        mixinStandardHelpOptions = true)
public final class EnforceCommand implements Callable<Integer> {

    @Option(names = "--node", description = "This node's name (default: the config's enforcer.node, else $NODE_NAME).")
    String node;

    @Option(names = "--from-file", paramLabel = "PATH", description = "Read the state from YAML/JSON files or folders instead of the API server (re-read on change).")
    List<String> files;

    @Option(names = "--kubeconfig", description = "Kubeconfig for the API server (default: in-cluster service account, else ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--once", description = "Apply the state once and exit (0 when applied).")
    boolean once;

    @Option(names = "--uninstall", description = "Remove the enforcer's chains, jumps, ipsets and VXLAN device (nothing else) and exit.")
    boolean uninstall;

    @Option(names = "--bridge", description = "Bridge of the local pods (default: cni0).")
    String bridge;

    @Option(names = "--vxlan-device", description = "Name of the VXLAN device (default: palisade.vxlan).")
    String vxlanDevice;

    @Option(names = "--vni", description = "VXLAN network identifier (default: 1).")
    Integer vni;

    @Option(names = "--vxlan-port", description = "VXLAN UDP port: 4789 (default, IANA) or 8472 (Linux default, flannel).")
    Integer vxlanPort;

    @Option(names = "--underlay", description = "Underlay interface (default: the one holding the node's InternalIP).")
    String underlay;

    @Option(names = "--mtu", description = "VXLAN device MTU (default: underlay MTU minus 50).")
    Integer mtu;

    @Option(names = "--deny-action", description = "DROP (default) or REJECT.")
    String denyAction;

    @Option(names = "--log-denied", description = "none (default), log (rate-limited kernel log) or nflog.")
    String logDenied;

    @Option(names = "--resync", description = "Seconds between overlay reconciles, retries of a failed sync and the backstop chain check; drift is watched continuously (default: 30).")
    Integer resyncSeconds;

    @Option(names = "--keep-established", description = "Let established connections that a policy change newly denies live on until they end "
            + "(default: cut them within a second by deleting their conntrack entries).")
    Boolean keepEstablished;

    @Option(names = "--metrics-port", description = "Port of /metrics, /readyz and /healthz (default: 9465; 0: off).")
    Integer metricsPort;

    @Option(names = "--metrics-address", description = "Address to serve metrics on (default: 127.0.0.1).")
    String metricsAddress;

    @Option(names = "--netns", description = "Work inside this named network namespace (/run/netns/NAME) instead of the current one.")
    String netns;

    @Option(names = {"-c", "--config"}, description = "Configuration file (default: .palisade.yaml when present); flags win over its enforcer section.")
    Path config;

    @Override
    public Integer call() throws Exception {
        PrintStream log = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        EnforcerSettings settings = settings(PalisadeConfig.load(config).section("enforcer"));
        if (!uninstall) {
            settings.requireNode(); // removing what the enforcer owns does not need to know which node this is
        }
        if (netns != null) {
            // setns changes one thread only: all kernel work happens on a thread that entered the namespace and does nothing else.
            return NetworkNamespace.call(netns, () -> work(settings, log));
        }
        return work(settings, log);
    }

    private int work(EnforcerSettings settings, PrintStream log) throws InterruptedException {
        try (EnforcerMetrics metrics = new EnforcerMetrics()) {
            NodeEnforcer enforcer = new NodeEnforcer(settings, metrics, log);
            if (uninstall) {
                enforcer.uninstall();
                return 0;
            }
            try (StateSource source = files != null && !files.isEmpty() ? new FileStateSource(files) : new KubernetesStateSource(kubeconfig)) {
                if (once) {
                    enforcer.sync(ClusterState.of(source.read()));
                    return 0;
                }
                metrics.serve(metricsAddress != null ? metricsAddress : "127.0.0.1", metricsPort != null ? metricsPort : 9465);
                enforcer.run(source);
                return 0;
            }
        }
    }

    EnforcerSettings settings(JsonNode section) {
        EnforcerSettings defaults = EnforcerSettings.defaults(first(node, section.path("node").asText(null), System.getenv("NODE_NAME")));
        return new EnforcerSettings(defaults.node(),
                first(bridge, section.path("bridge").asText(null), defaults.bridge()),
                first(vxlanDevice, section.path("vxlanDevice").asText(null), defaults.vxlanDevice()),
                first(vni, section.has("vni") ? section.get("vni").asInt() : null, defaults.vni()),
                first(vxlanPort, section.has("vxlanPort") ? section.get("vxlanPort").asInt() : null, defaults.vxlanPort()),
                first(underlay, section.path("underlay").asText(null), defaults.underlayDevice()),
                first(mtu, section.has("mtu") ? section.get("mtu").asInt() : null, defaults.mtu()),
                EnforcerSettings.denyAction(first(denyAction, section.path("denyAction").asText(null), defaults.denyAction().name())),
                EnforcerSettings.denyLog(first(logDenied, section.path("logDenied").asText(null), defaults.logDenied().name())),
                Duration.ofSeconds(first(resyncSeconds, section.has("resyncSeconds") ? section.get("resyncSeconds").asInt() : null,
                        (int) defaults.resync().toSeconds())),
                keepEstablished != null ? !keepEstablished : cutDeniedFlows(section, defaults.cutDeniedFlows()));
    }

    private static boolean cutDeniedFlows(JsonNode section, boolean fallback) {
        JsonNode value = section.get("cutDeniedFlows");
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new EnforcerException("enforcer.cutDeniedFlows is " + value + ", not true or false (.palisade.yaml)");
        }
        return value.booleanValue();
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
