package dev.palisade.netpol;

/** What the "too open" checks look for in a rule's peers. */
final class OpenPeers {
    private OpenPeers() {}

    /** A peer that selects pods of every namespace ({@code namespaceSelector: {}}, Calico {@code all()}). */
    static boolean everyNamespace(NetworkPolicyPeer peer) {
        return peer.namespaces() != null && peer.namespaces().matchesEverything();
    }

    /** A peer that is every IPv4 or IPv6 address ({@code 0.0.0.0/0}, {@code ::/0}), or any peer at all. */
    static boolean everyAddress(NetworkPolicyPeer peer) {
        return peer.isAny() || (peer.isAddressOnly() && peer.notNets() == null
                && peer.nets().stream().anyMatch(n -> n.cidr().endsWith("/0")));
    }

    /** A rule that admits every peer: no peers listed, or one of them is every address. */
    static boolean everyPeer(PolicyRule rule) {
        return rule.peers().isEmpty() || rule.peers().stream().anyMatch(OpenPeers::everyAddress);
    }

    static String peersPath(PolicyRule rule, ModelPolicy policy, Direction direction, int peer) {
        if (policy instanceof KubernetesNetworkPolicy || policy instanceof AdminNetworkPolicy) {
            return rule.path() + (direction == Direction.INGRESS ? ".from[" : ".to[") + peer + "]";
        }
        return rule.path() + (direction == Direction.INGRESS ? ".source" : ".destination");
    }
}
