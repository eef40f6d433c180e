package dev.palisade.netpol;

import java.util.List;

/**
 * One peer of a rule, in the form both dialects share.
 * <ul>
 *   <li>Kubernetes: {@code podSelector} alone selects pods of the policy's namespace; {@code namespaceSelector}
 *   alone selects every pod of the matching namespaces; both in one peer is AND; {@code ipBlock} selects
 *   addresses (also pod IPs: the upstream conformance tests expect that).</li>
 *   <li>Calico: {@code selector} alone selects endpoints of the policy's namespace (a GlobalNetworkPolicy: of every
 *   namespace), {@code namespaceSelector} selects namespaces, {@code nets} addresses; all given are ANDed.</li>
 * </ul>
 *
 * @param pods       pod selector, or null for no constraint on the pod's labels
 * @param namespaces namespace selector, or null: then {@code namespace} (or every namespace when that is null)
 * @param namespace  the namespace a selector-only peer is confined to, or null
 * @param nets       address blocks the peer's address must be in (any of them), or null for no constraint
 * @param calico     whether selectors see Calico's label view ({@link PodContext})
 */
public record NetworkPolicyPeer(LabelMatcher pods, LabelMatcher namespaces, String namespace, List<IpBlock> nets,
                                boolean calico) {

    public NetworkPolicyPeer {
        nets = nets == null ? null : List.copyOf(nets);
    }

    /** Every address and every pod. */
    public boolean isAny() {
        return pods == null && namespaces == null && nets == null;
    }

    /** A peer of addresses only (ipBlock, Calico nets alone): it matches pods only by their IP. */
    public boolean isAddressOnly() {
        return pods == null && namespaces == null && nets != null;
    }

    /** Whether this peer selects a pod (by labels, and by IP when it names nets). */
    public boolean matches(PodContext pod) {
        if (isAny()) {
            return true;
        }
        return matchesLabels(pod) && (nets == null || (pod.pod().podIP() != null && matchesAddress(pod.pod().podIP())));
    }

    /** Whether the pod's namespace and labels are selected, whatever its address (true for address-only peers). */
    public boolean matchesLabels(PodContext pod) {
        if (isAny() || isAddressOnly()) {
            return true;
        }
        if (namespaces != null) {
            if (!namespaces.matches(pod.namespaceLabels(calico))) {
                return false;
            }
        } else if (namespace != null && !namespace.equals(pod.pod().namespace())) {
            return false;
        }
        return pods == null || pods.matches(pod.labels(calico));
    }

    /** Whether an address that is no known pod matches: only address-only peers (and "any") match those. */
    public boolean matchesAddress(String ip) {
        if (isAny()) {
            return true;
        }
        if (nets == null) {
            return false;
        }
        for (IpBlock net : nets) {
            if (net.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        if (isAny()) {
            return "any peer";
        }
        StringBuilder text = new StringBuilder();
        if (namespaces != null) {
            text.append("namespaces ").append(namespaces);
        } else if (!isAddressOnly()) {
            text.append(namespace == null ? "all namespaces" : "namespace " + namespace);
        }
        if (pods != null) {
            text.append(text.isEmpty() ? "" : ", ").append("pods ").append(pods);
        }
        if (nets != null) {
            text.append(text.isEmpty() ? "" : ", ").append("nets ").append(nets);
        }
        return text.toString();
    }
}
