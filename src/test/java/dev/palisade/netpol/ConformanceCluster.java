package dev.palisade.netpol;

import dev.palisade.testing.Lint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upstream netpol e2e cluster as manifests: namespaces x, y, z (labelled {@code ns: <name>}), pods a, b, c in
 * each (labelled {@code pod: <name>}), every pod serving 80 and 81 over TCP, UDP and SCTP with the upstream port
 * names ({@code serve-80-tcp}, ...). Pod IPs: namespace x is 10.0.1.0/24, y 10.0.2.0/24, z 10.0.3.0/24; a, b, c are
 * .1, .2, .3. Labels can be changed before {@link #model} (the "dynamic label changes" cases).
 */
final class ConformanceCluster {
    static final List<String> NAMESPACES = List.of("x", "y", "z");
    static final List<String> PODS = List.of("a", "b", "c");

    private final Map<String, Map<String, String>> namespaceLabels = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> podLabels = new LinkedHashMap<>();
    private final StringBuilder policies = new StringBuilder();

    ConformanceCluster() {
        for (String ns : NAMESPACES) {
            namespaceLabels.put(ns, new LinkedHashMap<>(Map.of("ns", ns)));
            for (String pod : PODS) {
                podLabels.put(ns + "/" + pod, new LinkedHashMap<>(Map.of("pod", pod)));
            }
        }
    }

    static String ip(String key) {
        String ns = key.substring(0, key.indexOf('/'));
        String pod = key.substring(key.indexOf('/') + 1);
        return "10.0." + (NAMESPACES.indexOf(ns) + 1) + "." + (PODS.indexOf(pod) + 1);
    }

    static List<String> keys() {
        List<String> keys = new ArrayList<>();
        NAMESPACES.forEach(ns -> PODS.forEach(p -> keys.add(ns + "/" + p)));
        return keys;
    }

    ConformanceCluster policy(String yaml) {
        policies.append("---\n").append(yaml.stripIndent()).append('\n');
        return this;
    }

    ConformanceCluster labelPod(String key, String label, String value) {
        podLabels.get(key).put(label, value);
        return this;
    }

    ConformanceCluster labelNamespace(String ns, String label, String value) {
        namespaceLabels.get(ns).put(label, value);
        return this;
    }

    String manifests() {
        StringBuilder yaml = new StringBuilder();
        // Names quoted: kubectl reads a namespace called y as a boolean, and so does Palisade.
        namespaceLabels.forEach((ns, labels) -> yaml.append("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: \"")
                .append(ns).append("\"\n  labels:\n").append(labelsYaml(labels, "    ")));
        podLabels.forEach((key, labels) -> {
            String ns = key.substring(0, key.indexOf('/'));
            String name = key.substring(key.indexOf('/') + 1);
            yaml.append("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ").append(name).append("\n  namespace: \"").append(ns)
                    .append("\"\n  labels:\n").append(labelsYaml(labels, "    "))
                    .append("spec:\n  nodeName: node-").append(ns).append("\n  containers:\n");
            for (int port : new int[] {80, 81}) {
                for (String proto : new String[] {"TCP", "UDP", "SCTP"}) {
                    yaml.append("  - name: cont-").append(port).append('-').append(proto.toLowerCase()).append('\n')
                            .append("    image: registry.k8s.io/e2e-test-images/agnhost:2.53\n")
                            .append("    ports:\n    - name: serve-").append(port).append('-').append(proto.toLowerCase())
                            .append("\n      containerPort: ").append(port).append("\n      protocol: ").append(proto).append('\n');
                }
            }
            yaml.append("status:\n  podIP: ").append(ip(key)).append('\n');
        });
        return yaml + policies.toString();
    }

    PolicyModel model() {
        ClusterSnapshot snapshot = ClusterSnapshot.fromObjects(Lint.objects(manifests()));
        if (!snapshot.errors().isEmpty()) {
            throw new AssertionError("policies do not parse: " + snapshot.errors());
        }
        return PolicyModel.of(snapshot);
    }

    private static String labelsYaml(Map<String, String> labels, String indent) {
        StringBuilder yaml = new StringBuilder();
        labels.forEach((k, v) -> yaml.append(indent).append(k).append(": \"").append(v).append("\"\n"));
        return yaml.toString();
    }
}
