package dev.palisade.netpol;

import java.util.List;

/**
 * One peer of a rule, in the form both dialects share.
 * <ul>
 *   <li>Kubernetes: {@code podSelector} alone selects pods of the policy's namespace; {@code namespaceSelector}
 *   alone selects every pod of the matching namespaces; both in one peer is AND; {@code ipBlock} selects
 *   addresses (also pod IPs: the upstream conformance tests expect that).</li>
 *   <li>Calico ({@code EntityRule}): {@code selector} (ANDed with {@code serviceAccounts}) selects endpoints of the
 *   policy's namespace (a GlobalNetworkPolicy: of every namespace), and network sets, whose nets then match;
 *   {@code namespaceSelector} selects namespaces; {@code notSelector} excludes the endpoints and network sets it
 *   selects, in every namespace; {@code nets} and {@code notNets} constrain the address. All given are ANDed. A
 *   namespaced policy's peer that names any selector (also only a notSelector) stays in its namespace, as Calico
 *   converts it.</li>
 * </ul>
 *
 * @param pods       pod selector, or null for no constraint on the pod's labels
 * @param namespaces namespace selector, or null: then {@code namespace} (or every namespace when that is null)
 * @param namespace  the namespace a selector-only peer is confined to, or null
 * @param nets       address blocks the peer's address must be in (any of them), or null for no constraint
 * @param calico     whether selectors see Calico's label view ({@link PodContext})
 * @param notPods    Calico {@code notSelector}: endpoints (and network sets) it selects never match; or null
 * @param notNets    Calico {@code notNets}: addresses in any of them never match; or null
 * @param nodes      AdminNetworkPolicy {@code nodes}: the addresses of the nodes it selects (never a pod); or null
 */
public record NetworkPolicyPeer(LabelMatcher pods, LabelMatcher namespaces, String namespace, List<IpBlock> nets,
                                boolean calico, LabelMatcher notPods, List<IpBlock> notNets, LabelMatcher nodes) {

    public NetworkPolicyPeer {
        nets = nets == null ? null : List.copyOf(nets);
        notNets = notNets == null ? null : List.copyOf(notNets);
    }

    /** A peer without negations. */
    public NetworkPolicyPeer(LabelMatcher pods, LabelMatcher namespaces, String namespace, List<IpBlock> nets, boolean calico) {
        this(pods, namespaces, namespace, nets, calico, null, null, null);
    }

    /** The addresses of the nodes a selector selects. */
    static NetworkPolicyPeer nodes(LabelMatcher nodes) {
        return new NetworkPolicyPeer(null, null, null, null, false, null, null, nodes);
    }

    /** Every address and every pod. */
    public boolean isAny() {
        return !hasSelector() && nets == null && notPods == null && notNets == null && nodes == null;
    }

    /** Whether it names pods by labels or namespaces (a positive selector). */
    public boolean hasSelector() {
        return pods != null || namespaces != null;
    }

    /** A peer of addresses only (ipBlock, Calico nets/notNets alone): it matches pods only by their IP. */
    public boolean isAddressOnly() {
        return !hasSelector() && notPods == null && (nets != null || notNets != null);
    }

    /** Whether it constrains the address (nets or notNets). */
    public boolean constrainsAddress() {
        return nets != null || notNets != null;
    }

    /** Whether this peer selects a pod (by labels, and by IP when it names nets). */
    public boolean matches(PodContext pod) {
        if (isAny()) {
            return true;
        }
        if (nodes != null) {
            return false;
        }
        return matchesLabels(pod) && (!constrainsAddress() || (pod.pod().podIP() != null && matchesNets(pod.pod().podIP())));
    }

    /**
     * Whether the pod's namespace and labels are selected and not excluded, whatever its address (true for
     * address-only peers).
     */
    public boolean matchesLabels(PodContext pod) {
        if (isAny()) {
            return true;
        }
        if (nodes != null) {
            return false;
        }
        if (notPods != null && notPods.matches(pod.labels(calico))) {
            return false;
        }
        if (!hasSelector()) {
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

    /** Whether an address is in the nets (when given) and in none of the notNets. */
    public boolean matchesNets(String ip) {
        if (nets != null && nets.stream().noneMatch(n -> n.contains(ip))) {
            return false;
        }
        return notNets == null || notNets.stream().noneMatch(n -> n.contains(ip));
    }

    /**
     * Whether an address that is no known pod (and in no network set) matches: peers without a positive
     * selector whose address constraints it meets.
     */
    public boolean matchesAddress(String ip) {
        return isAny() || (!hasSelector() && nodes == null && matchesNets(ip));
    }

    /** The addresses its nets and notNets leave (every address when it names neither). */
    public AddressSet addresses() {
        AddressSet where = nets == null ? AddressSet.EVERYTHING : AddressSet.of(nets);
        return notNets == null ? where : where.minus(AddressSet.of(notNets));
    }

    @Override
    public String toString() {
        if (isAny()) {
            return "any peer";
        }
        if (nodes != null) {
            return "nodes " + nodes;
        }
        StringBuilder text = new StringBuilder();
        if (namespaces != null) {
            text.append("namespaces ").append(namespaces);
        } else if (hasSelector()) {
            text.append(namespace == null ? "all namespaces" : "namespace " + namespace);
        }
        if (pods != null) {
            text.append(text.isEmpty() ? "" : ", ").append("pods ").append(pods);
        }
        if (notPods != null) {
            text.append(text.isEmpty() ? "" : ", ").append("not ").append(notPods);
        }
        if (nets != null) {
            text.append(text.isEmpty() ? "" : ", ").append("nets ").append(nets);
        }
        if (notNets != null) {
            text.append(text.isEmpty() ? "" : ", ").append("not nets ").append(notNets);
        }
        return text.toString();
    }
}
