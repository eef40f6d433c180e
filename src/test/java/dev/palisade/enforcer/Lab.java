package dev.palisade.enforcer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A cluster made of network namespaces only: an underlay namespace with a bridge joining the nodes, each node a
 * namespace with an underlay interface ({@code eth0}, 192.168.240.N/24) and a CNI-style bridge ({@code cni0},
 * 10.240.N.1/24), each pod a namespace with a veth into its node's bridge, as the CNI bridge plugin wires them. Every
 * name starts with a prefix unique to this lab; {@link #close()} deletes every namespace it made (which takes their
 * interfaces, addresses, routes, rules and sets with them), also when a test failed, and stops the processes it
 * started. Nothing is ever added to the root namespace.
 */
final class Lab implements AutoCloseable {
    record Node(String name, String netns, int index, String underlayIp, String podCidr) {}

    record Pod(String namespace, String name, Node node, String netns, String ip, Map<String, String> labels) {
        String key() {
            return namespace + "/" + name;
        }
    }

    final String prefix = "pl" + HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt()) 
            + HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt());
    final Path dir;
    private final String underlay = prefix + "-ul";
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final Map<String, Pod> pods = new LinkedHashMap<>();
    private int vethCount;

    Lab() {
        try {
            dir = Files.createTempDirectory("palisade-lab-");
            createNamespace(underlay);
            ip(underlay, "link", "add", "ul0", "type", "bridge");
            ip(underlay, "link", "set", "ul0", "up");
        } catch (IOException | RuntimeException e) {
            close();
            throw new IllegalStateException("cannot build the lab: " + e.getMessage(), e);
        }
    }

    Node addNode(String name) {
        int index = nodes.size() + 1;
        Node node = new Node(name, prefix + "-" + name, index, "192.168.240." + index, "10.240." + index + ".0/24");
        createNamespace(node.netns());
        run("ip", "link", "add", "eth0", "netns", node.netns(), "type", "veth", "peer", "name", "u-" + name, "netns", underlay);
        ip(underlay, "link", "set", "u-" + name, "master", "ul0", "up");
        ip(node.netns(), "addr", "add", node.underlayIp() + "/24", "dev", "eth0");
        ip(node.netns(), "link", "set", "eth0", "up");
        ip(node.netns(), "link", "add", "cni0", "type", "bridge");
        ip(node.netns(), "addr", "add", "10.240." + index + ".1/24", "dev", "cni0");
        ip(node.netns(), "link", "set", "cni0", "up");
        nodes.put(name, node);
        return node;
    }

    /** Removes a node's namespace (the node "leaves"); its pods go with it. */
    void removeNode(String name) {
        Node node = nodes.remove(name);
        pods.values().removeIf(pod -> {
            if (pod.node() == node) {
                deleteNamespace(pod.netns());
                return true;
            }
            return false;
        });
        deleteNamespace(node.netns());
    }

    Pod addPod(Node node, String namespace, String name, Map<String, String> labels) {
        long onNode = pods.values().stream().filter(p -> p.node() == node).count();
        String ip = "10.240." + node.index() + "." + (10 + onNode);
        String netns = prefix + "-" + node.name() + "-" + namespace + "-" + name;
        String hostSide = "v" + prefix.substring(2) + (vethCount++);
        createNamespace(netns);
        run("ip", "link", "add", "eth0", "netns", netns, "type", "veth", "peer", "name", hostSide, "netns", node.netns());
        ip(node.netns(), "link", "set", hostSide, "master", "cni0", "up");
        ip(netns, "addr", "add", ip + "/24", "dev", "eth0");
        ip(netns, "link", "set", "eth0", "up");
        ip(netns, "route", "add", "default", "via", "10.240." + node.index() + ".1");
        Pod pod = new Pod(namespace, name, node, netns, ip, Map.copyOf(labels));
        pods.put(pod.key(), pod);
        return pod;
    }

    /** Starts a process inside a namespace; it is stopped by {@link #close()} if still running. */
    Process start(String netns, Path output, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + full + ": " + e.getMessage(), e);
        }
    }

    /** Runs a command inside a namespace and returns its output; fails on a non-zero exit. */
    String exec(String netns, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    String ip(String netns, String... arguments) {
        List<String> full = new ArrayList<>(List.of("ip", "-n", netns));
        full.addAll(List.of(arguments));
        return run(full.toArray(String[]::new));
    }

    static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void createNamespace(String name) {
        run("ip", "netns", "add", name);
        namespaces.add(name);
        run("ip", "-n", name, "link", "set", "lo", "up");
    }

    private void deleteNamespace(String name) {
        if (namespaces.remove(name)) {
            try {
                run("ip", "netns", "del", name);
            } catch (IllegalStateException e) {
                // already gone
            }
        }
    }

    /** The lab's namespaces still present (should be none after {@link #close()}). */
    static List<String> leftovers(String prefix) {
        return run("ip", "netns", "list").lines().map(line -> line.split(" ")[0])
                .filter(name -> name.startsWith(prefix + "-")).toList();
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String name : List.copyOf(namespaces).reversed()) {
            deleteNamespace(name);
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // temporary files only
            }
        }
    }
}
