package dev.palisade.enforcer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The two kernel settings the dataplane needs, written under /proc/sys of the node's network namespace:
 * {@code net.ipv4.ip_forward=1} (pods reach other nodes through the node) and
 * {@code net.bridge.bridge-nf-call-iptables=1} (bridged pod-to-pod traffic on one node passes the filter table at
 * all; without it same-node traffic would bypass every rule). Both are per network namespace on current kernels.
 */
final class Sysctls {
    private Sysctls() {
    }

    static void apply() {
        write("net/ipv4/ip_forward", "bridge traffic between nodes needs forwarding");
        write("net/bridge/bridge-nf-call-iptables", "load the br_netfilter module (modprobe br_netfilter)");
    }

    private static void write(String key, String hint) {
        Path path = Path.of("/proc/sys", key);
        try {
            if (!Files.readString(path).trim().equals("1")) {
                Files.writeString(path, "1");
            }
        } catch (NoSuchFileException e) {
            throw new EnforcerException("sysctl " + key.replace('/', '.') + " does not exist: " + hint);
        } catch (IOException e) {
            throw new EnforcerException("cannot set sysctl " + key.replace('/', '.') + "=1: " + e.getMessage() + " (needs root)");
        }
    }
}
