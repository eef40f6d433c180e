package dev.palisade.netpol;

import java.util.List;

/**
 * One rule of a policy in the form both dialects share.
 *
 * @param index    position in its direction's list (0-based)
 * @param path     field path in the policy object, e.g. {@code spec.ingress[0]}
 * @param action   ALLOW for every Kubernetes rule
 * @param peers    the other side: any of these; empty means every peer
 * @param ports    the ports on the destination: any of these; empty means every port (of every protocol)
 * @param local    Calico only: the rule's constraint on the selected endpoint itself ({@code destination} of an
 *                 ingress rule, {@code source} of an egress rule); null for none
 */
public record PolicyRule(int index, String path, RuleAction action, List<NetworkPolicyPeer> peers,
                         List<NetworkPolicyPort> ports, NetworkPolicyPeer local) {
    public PolicyRule {
        peers = List.copyOf(peers);
        ports = List.copyOf(ports);
    }
}
