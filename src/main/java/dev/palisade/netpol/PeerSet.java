package dev.palisade.netpol;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The resolved other side of a rule: every peer, or a set of pods (known by key; their IPs, where known, go into
 * an ipset) plus address blocks with their excepts. A pod matches when it is in {@code pods} or its IP is in a
 * block; an address that is no known pod matches only the blocks. Pods without an IP (workload templates) match
 * when they are in {@code pods}; otherwise where they match depends on the address they will have:
 * {@link #addressesOf} says at which addresses (the blocks', or for a Calico peer that also names labels, the
 * addresses recorded for that template).
 */
public final class PeerSet {
    public static final PeerSet ANY = new PeerSet(true, List.of(), List.of(), Map.of());

    private final boolean any;
    private final List<PodEndpoint> pods;
    /** Pod name to the namespaces it is selected in: matching without building a key string per question. */
    private final Map<String, Set<String>> namespacesByName;
    private final List<IpBlock> blocks;
    /** Templates (by key) that match at some addresses only, with those addresses. */
    private final Map<String, AddressSet> templates;
    private volatile AddressSet blockAddresses;

    private PeerSet(boolean any, List<PodEndpoint> pods, List<IpBlock> blocks, Map<String, AddressSet> templates) {
        this.any = any;
        this.pods = List.copyOf(pods);
        this.blocks = List.copyOf(blocks);
        this.templates = Map.copyOf(templates);
        this.namespacesByName = new HashMap<>();
        this.pods.forEach(p -> namespacesByName.computeIfAbsent(p.name(), n -> new HashSet<>()).add(p.namespace()));
    }

    public static PeerSet of(List<PodEndpoint> pods, List<IpBlock> blocks) {
        return new PeerSet(false, pods, blocks, Map.of());
    }

    /** Also with templates that match only at some addresses (their key to those addresses). */
    public static PeerSet of(List<PodEndpoint> pods, List<IpBlock> blocks, Map<String, AddressSet> templates) {
        return new PeerSet(false, pods, blocks, templates);
    }

    /** True for "every peer" (a rule without from/to, or without source/destination entity). */
    public boolean isAny() {
        return any;
    }

    /** The pods selected by label (plus, for named-port groups, the pods in blocks that expose that port). */
    public List<PodEndpoint> pods() {
        return pods;
    }

    /** The IPs of {@link #pods()} that have one, for a {@code hash:ip} ipset. */
    public List<String> podIps() {
        return pods.stream().map(PodEndpoint::podIP).filter(Objects::nonNull).distinct().toList();
    }

    /** Address blocks, each with its excepts ({@code hash:net} with {@code nomatch} entries). */
    public List<IpBlock> blocks() {
        return blocks;
    }

    public boolean isEmpty() {
        return !any && pods.isEmpty() && blocks.isEmpty() && templates.values().stream().allMatch(AddressSet::isEmpty);
    }

    public boolean matchesPod(PodEndpoint pod) {
        if (any) {
            return true;
        }
        Set<String> namespaces = namespacesByName.get(pod.name());
        return (namespaces != null && namespaces.contains(pod.namespace())) || (pod.podIP() != null && matchesBlocks(pod.podIP()));
    }

    /**
     * The addresses at which a pod without an IP (a template) would match: every address when it is selected by
     * labels (or the set is every peer), the addresses recorded for it, else the blocks' addresses.
     */
    public AddressSet addressesOf(PodEndpoint template) {
        if (any) {
            return AddressSet.EVERYTHING;
        }
        Set<String> namespaces = namespacesByName.get(template.name());
        if (namespaces != null && namespaces.contains(template.namespace())) {
            return AddressSet.EVERYTHING;
        }
        AddressSet recorded = templates.get(template.key());
        return recorded != null ? recorded : blockAddresses();
    }

    private AddressSet blockAddresses() {
        AddressSet addresses = blockAddresses;
        if (addresses == null) {
            addresses = AddressSet.of(blocks);
            blockAddresses = addresses;
        }
        return addresses;
    }

    public boolean matchesAddress(String ip) {
        return any || matchesBlocks(ip);
    }

    private boolean matchesBlocks(String ip) {
        for (IpBlock block : blocks) {
            if (block.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return any ? "any" : "pods " + pods.stream().map(PodEndpoint::key).sorted().toList()
                + (blocks.isEmpty() ? "" : " blocks " + blocks);
    }
}
