package dev.palisade.enforcer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.source.KubeObject;
import java.util.Optional;

/**
 * What the overlay needs of a Node: its name, {@code spec.podCIDR} and the InternalIP from {@code status.addresses}.
 * A node without both is not part of the overlay yet (the kubelet fills them in after registration).
 */
public record ClusterNode(String name, Ipv4 podCidr, Ipv4 internalIp) {

    /** The node, or empty when it has no pod CIDR or InternalIP yet. Malformed values are errors with the field. */
    public static Optional<ClusterNode> of(KubeObject node) {
        String cidr = node.at("spec.podCIDR").asText("");
        String internal = "";
        for (JsonNode address : node.at("status.addresses")) {
            if ("InternalIP".equals(address.path("type").asText()) && address.path("address").asText("").indexOf(':') < 0) {
                internal = address.path("address").asText("");
                break;
            }
        }
        if (cidr.isEmpty() || internal.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ClusterNode(node.name(),
                Ipv4.parse(cidr, "Node " + node.name() + " spec.podCIDR").networkPrefix(),
                Ipv4.parseHost(internal, "Node " + node.name() + " status.addresses InternalIP")));
    }

    /** The node's VTEP address: the network address of its pod subnet, as a /32 on the VXLAN device. */
    public Ipv4 vtep() {
        return podCidr.network();
    }
}
