package dev.palisade.netpol;

import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A node and its addresses. Kubernetes always allows traffic between a pod and the node it runs on (kubelet
 * probes), so a connection from or to one of these addresses and a pod with the same {@code nodeName} is allowed.
 * Its labels are what an AdminNetworkPolicy's {@code nodes} peer selects.
 */
public record NodeInfo(String name, List<String> addresses, java.util.Map<String, String> labels) {
    public NodeInfo {
        addresses = List.copyOf(addresses);
        labels = java.util.Map.copyOf(labels);
    }

    /** A node without labels. */
    public NodeInfo(String name, List<String> addresses) {
        this(name, addresses, java.util.Map.of());
    }

    /** From a Node object: every {@code status.addresses} entry of type InternalIP or ExternalIP. */
    public static NodeInfo from(KubeObject node) {
        List<String> addresses = new ArrayList<>();
        for (var address : node.root().path("status").path("addresses")) {
            String type = address.path("type").asText("");
            if (type.equals("InternalIP") || type.equals("ExternalIP")) {
                addresses.add(address.path("address").asText(""));
            }
        }
        return new NodeInfo(node.name(), addresses, node.labels());
    }
}
