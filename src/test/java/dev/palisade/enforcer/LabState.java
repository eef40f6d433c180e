package dev.palisade.enforcer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The lab as Kubernetes objects (Nodes, Namespaces labelled ns=NAME, Pods with the upstream named ports
 * serve-80-tcp, serve-80-udp, serve-81-tcp, serve-81-udp), plus policy YAML, written atomically to the state file
 * the enforcers read. The same text feeds the model's truth table.
 */
final class LabState {
    private LabState() {
    }

    static String render(Lab lab, List<String> policies) {
        StringBuilder out = new StringBuilder();
        for (Lab.Node node : lab.nodes.values()) {
            out.append("apiVersion: v1\nkind: Node\nmetadata:\n  name: ").append(node.name())
                    .append("\nspec:\n  podCIDR: ").append(node.podCidr())
                    .append("\nstatus:\n  addresses:\n  - type: InternalIP\n    address: ").append(node.underlayIp()).append("\n---\n");
        }
        for (String namespace : new TreeSet<>(lab.pods.values().stream().map(Lab.Pod::namespace).toList())) {
            // Quoted: kubectl reads a namespace called y (or n) as a boolean, and so does Palisade.
            out.append("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \"").append(namespace)
                    .append("\"\n  labels:\n    ns: \"").append(namespace).append("\"\n---\n");
        }
        for (Lab.Pod pod : lab.pods.values()) {
            out.append("apiVersion: v1\nkind: Pod\nmetadata:\n  name: ").append(pod.name()).append("\n  namespace: \"").append(pod.namespace())
                    .append("\"\n  labels:\n").append(pod.labels().entrySet().stream()
                            .map(e -> "    " + e.getKey() + ": \"" + e.getValue() + "\"\n").collect(Collectors.joining()))
                    .append("spec:\n  nodeName: ").append(pod.node().name())
                    .append("\n  containers:\n  - name: agnhost\n    image: registry.k8s.io/e2e-test-images/agnhost:2.47\n    ports:\n");
            for (int port : new int[] {80, 81}) {
                for (String protocol : new String[] {"TCP", "UDP"}) {
                    out.append("    - name: serve-").append(port).append('-').append(protocol.toLowerCase())
                            .append("\n      containerPort: ").append(port).append("\n      protocol: ").append(protocol).append('\n');
                }
            }
            out.append("status:\n  podIP: ").append(pod.ip()).append("\n---\n");
        }
        for (String policy : policies) {
            out.append(policy.strip()).append("\n---\n");
        }
        return out.toString();
    }

    /** Writes the state so that a reader never sees half a file. */
    static Path write(Lab lab, List<String> policies) {
        Path file = lab.dir.resolve("state.yaml");
        Path temp = lab.dir.resolve("state.yaml.tmp");
        try {
            Files.writeString(temp, render(lab, policies), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static List<String> policies(String... yaml) {
        return new ArrayList<>(List.of(yaml));
    }

    static Map<String, String> pod(String name) {
        return Map.of("pod", name);
    }
}
