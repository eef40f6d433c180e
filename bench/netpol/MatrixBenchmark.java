import dev.palisade.netpol.ClusterSnapshot;
import dev.palisade.netpol.ConnectivityMatrix;
import dev.palisade.netpol.Direction;
import dev.palisade.netpol.PodEndpoint;
import dev.palisade.netpol.PolicyModel;
import dev.palisade.netpol.ProbePort;
import dev.palisade.source.ManifestLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Connectivity matrix for a generated cluster: N namespaces x 50 pods, 25 policies per namespace (1 default
 * deny, 18 Kubernetes allow policies mixing podSelector, namespaceSelector, ipBlock and named ports, 2 egress
 * policies, 2 Calico policies with Deny and Log, 2 more allow policies). Usage:
 * MatrixBenchmark PODS POLICIES OUT.yaml. Prints one table row per phase.
 */
public class MatrixBenchmark {
    public static void main(String[] args) throws Exception {
        int pods = Integer.parseInt(args[0]);
        int policies = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        int namespaces = Math.max(1, pods / 50);
        int perNamespace = Math.max(1, policies / namespaces);
        Files.writeString(out, cluster(namespaces, pods / namespaces, perNamespace));

        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        ManifestLoader.Result loaded = new ManifestLoader().load(List.of(out.toString()), System.in, p -> false);
        long t1 = System.nanoTime();
        long c1 = cpu.getCurrentThreadCpuTime();
        ClusterSnapshot snapshot = ClusterSnapshot.fromObjects(loaded.objects());
        PolicyModel model = PolicyModel.of(snapshot);
        long t2 = System.nanoTime();
        long c2 = cpu.getCurrentThreadCpuTime();
        long isolated = 0;
        for (PodEndpoint pod : model.pods()) {
            for (Direction d : Direction.values()) {
                isolated += model.rulesFor(pod, d).isolated() ? 1 : 0;
            }
        }
        long t3 = System.nanoTime();
        long c3 = cpu.getCurrentThreadCpuTime();
        ConnectivityMatrix matrix = ConnectivityMatrix.compute(model, List.of(ProbePort.parse("80/TCP")));
        long t4 = System.nanoTime();
        long c4 = cpu.getCurrentThreadCpuTime();
        ConnectivityMatrix two = ConnectivityMatrix.compute(model, List.of(ProbePort.parse("8080/TCP"), ProbePort.parse("53/UDP")));
        long t5 = System.nanoTime();
        long c5 = cpu.getCurrentThreadCpuTime();
        long allowed = matrix.cells().stream().filter(c -> c.verdict().allowed()).count();
        if (!loaded.errors().isEmpty() || !snapshot.errors().isEmpty()) {
            throw new IllegalStateException("generated input has errors: " + loaded.errors() + snapshot.errors());
        }
        System.out.printf("pods=%d policies=%d (errors: 0), pod-directions isolated: %d, 80/TCP cells allowed: %d of %d%n",
                model.pods().size(), snapshot.policies().size(), isolated, allowed, matrix.cells().size());
        System.out.printf("load average %.1f: wall time includes waiting for a CPU; cpu ms is the benchmark thread's own"
                + " time (GC and JIT threads excluded)%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("%-44s %10s %10s%n", "phase", "wall ms", "cpu ms");
        row("load YAML (" + Files.size(out) / 1024 + " KiB)", t1 - t0, c1 - c0);
        row("parse policies + build model", t2 - t1, c2 - c1);
        row("rulesFor every pod, both directions", t3 - t2, c3 - c2);
        row("matrix, 1 port (" + matrix.cells().size() + " cells)", t4 - t3, c4 - c3);
        row("matrix, 2 more ports (" + two.cells().size() + " cells)", t5 - t4, c5 - c4);
    }

    static void row(String phase, long wallNanos, long cpuNanos) {
        System.out.printf("%-44s %10.0f %10.0f%n", phase, wallNanos / 1e6, cpuNanos / 1e6);
    }

    static String cluster(int namespaces, int podsPerNamespace, int policiesPerNamespace) {
        StringBuilder y = new StringBuilder();
        for (int n = 0; n < namespaces; n++) {
            String ns = "ns" + n;
            y.append("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ").append(ns)
                    .append("\n  labels: {team: team").append(n % 4).append("}\n");
            for (int i = 0; i < podsPerNamespace; i++) {
                y.append("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pod").append(i).append("\n  namespace: ").append(ns)
                        .append("\n  labels: {app: app").append(i % 20).append(", tier: t").append(i % 3).append("}\n")
                        .append("spec:\n  containers:\n  - name: c\n    image: app:1.0\n    ports:\n")
                        .append("    - {name: http, containerPort: ").append(i % 2 == 0 ? 8080 : 80).append("}\n")
                        .append("    - {name: dns, containerPort: 53, protocol: UDP}\n")
                        .append("status: {podIP: 10.").append(n).append('.').append(i / 200).append('.').append(i % 200 + 1).append("}\n");
            }
            for (int p = 0; p < policiesPerNamespace; p++) {
                y.append("---\n");
                if (p == 0) {
                    y.append(k8s(ns, "default-deny", "{}", "  policyTypes: [Ingress]\n"));
                } else if (p <= 2) {
                    y.append(k8s(ns, "egress-" + p, "{matchLabels: {tier: t" + p + "}}", "  policyTypes: [Egress]\n  egress:\n"
                            + "  - to: [{namespaceSelector: {matchLabels: {team: team" + p + "}}}]\n"
                            + "  - ports: [{port: 53, protocol: UDP}]\n"));
                } else if (p <= 4) {
                    y.append("apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: cal-").append(p)
                            .append(", namespace: ").append(ns).append("}\nspec:\n  order: ").append(100 + p)
                            .append("\n  selector: app == 'app").append(p).append("' || tier == 't").append(p % 3).append("'\n")
                            .append("  ingress:\n  - action: Log\n    protocol: TCP\n    source:\n      selector: \"app in {'app7', 'app8'}\"\n")
                            .append("  - action: Deny\n    protocol: TCP\n    source:\n      selector: \"app in {'app7', 'app8'}\"\n");
                } else {
                    int app = p % 20;
                    String from = switch (p % 4) {
                        case 0 -> "[{podSelector: {matchLabels: {app: app" + (app + 1) % 20 + "}}}]";
                        case 1 -> "[{namespaceSelector: {matchLabels: {team: team" + p % 4 + "}}, podSelector: {matchExpressions: [{key: app, operator: In, values: [app1, app2, app3]}]}}]";
                        case 2 -> "[{ipBlock: {cidr: 10." + (p % namespaces) + ".0.0/16, except: [10." + (p % namespaces) + ".0.0/28]}}]";
                        default -> "[{podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [t0]}]}}]";
                    };
                    String ports = p % 3 == 0 ? "[{port: http}]" : "[{port: 80}, {port: 8000, endPort: 8100}]";
                    y.append(k8s(ns, "allow-" + p, "{matchLabels: {app: app" + app + "}}", "  ingress:\n  - from: " + from
                            + "\n    ports: " + ports + "\n"));
                }
            }
        }
        return y.toString();
    }

    static String k8s(String ns, String name, String selector, String rest) {
        return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: " + name + ", namespace: " + ns
                + "}\nspec:\n  podSelector: " + selector + "\n" + rest;
    }
}
