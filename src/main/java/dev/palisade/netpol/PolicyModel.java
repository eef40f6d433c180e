package dev.palisade.netpol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queries over a {@link ClusterSnapshot}: who is isolated, which policies select a pod, the resolved and
 * ordered rules of a pod ({@link #rulesFor}, what the enforcer compiles), and the verdict for a connection
 * ({@link #evaluate}, computed from those same resolved rules). Immutable and safe to share between threads.
 *
 * <p>A connection needs egress allowed at its source (when the source is a pod) and ingress allowed at its
 * destination (when it is a pod). Replies of an allowed connection are allowed (connection tracking), so the
 * model answers for the connection's first packet only. Traffic between a pod and an address of its own node
 * is always allowed, and so is a pod (with an IP) reaching itself.
 *
 * <p>Cost, for W pods, P policies and S the pairs (pod, policy that selects it): built in O(W + P log P + S), with pods
 * indexed by namespace and, per namespace, by label ({@link LabelIndex}), so a Kubernetes policy finds the pods it
 * selects in O(the pods it selects) and a Calico policy in O(the pods of its namespace), O(W) for a global one. Who
 * selects a pod and which pods a policy selects are then lookups; a peer's pods cost O(its namespaces' candidates);
 * a pod's resolved rules are built once per pod and direction. A rule's peers are resolved once, lazily: O(W) per
 * Calico entity (a notSelector may exclude any pod) plus O(network sets); a template's answer over the pod CIDRs
 * costs O(its rules × the address ranges they name).
 */
public final class PolicyModel {
    private final ClusterSnapshot snapshot;
    private final List<ModelPolicy> ordered;
    private final Map<String, PodContext> contexts = new LinkedHashMap<>();
    private final Map<String, PodEndpoint> byIp = new HashMap<>();
    private final Map<String, List<String>> nodeAddresses = new HashMap<>();
    /** Where pods without an IP (templates) may be: the pod CIDRs, or every address. */
    private final AddressSet podAddresses;
    /** The contexts in {@link #contexts} order, and their positions by namespace and, per namespace, by label. */
    private final List<PodContext> contextList;
    private final Map<String, Integer> positionByKey = new HashMap<>();
    private final Map<String, List<Integer>> positionsByNamespace = new LinkedHashMap<>();
    private final Map<String, LabelIndex<Integer>> positionsByLabel = new HashMap<>();
    /** Namespaced policies by namespace, and global ones, each in evaluation order. */
    private final Map<String, List<ModelPolicy>> policiesByNamespace = new HashMap<>();
    private final List<ModelPolicy> globalPolicies = new ArrayList<>();
    private final Map<ModelPolicy, Integer> rank = new IdentityHashMap<>();
    /** Per position, the policies that select that pod in evaluation order; per policy, the pods it selects. */
    private final List<List<ModelPolicy>> selecting = new ArrayList<>();
    private final Map<ModelPolicy, List<PodEndpoint>> selected = new HashMap<>();
    /** Resolved lazily: the webhook and most checks only ask who is selected, never who the peers are. */
    private final Map<PolicyRule, PeerSet> peerSets = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<PolicyRule, List<RuleMatch>> egressMatches = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<String, PodRules> ingressCache = new ConcurrentHashMap<>();
    private final Map<String, PodRules> egressCache = new ConcurrentHashMap<>();

    private PolicyModel(ClusterSnapshot snapshot) {
        this.snapshot = snapshot;
        for (PodEndpoint pod : snapshot.pods()) {
            contexts.put(pod.key(), newContext(pod));
            if (pod.podIP() != null) {
                byIp.putIfAbsent(pod.podIP(), pod);
            }
        }
        snapshot.nodes().forEach(n -> nodeAddresses.put(n.name(), n.addresses()));
        podAddresses = snapshot.podAddresses();
        ordered = new ArrayList<>(snapshot.policies());
        ordered.sort(Comparator.<ModelPolicy>comparingDouble(p -> snapshot.tierOrder(p.tier()))
                .thenComparing(ModelPolicy::tier)
                .thenComparingDouble(ModelPolicy::order)
                .thenComparing(ModelPolicy::sortName)
                .thenComparing(p -> p.ref().namespace()));
        contextList = List.copyOf(contexts.values());
        for (int i = 0; i < contextList.size(); i++) {
            PodEndpoint pod = contextList.get(i).pod();
            positionByKey.put(pod.key(), i);
            positionsByNamespace.computeIfAbsent(pod.namespace(), n -> new ArrayList<>()).add(i);
            positionsByLabel.computeIfAbsent(pod.namespace(), n -> new LabelIndex<>()).add(i, pod.labels());
            selecting.add(new ArrayList<>(1));
        }
        for (ModelPolicy policy : ordered) {
            rank.put(policy, rank.size());
            if ((policy instanceof CalicoPolicy calico && calico.global()) || policy instanceof AdminNetworkPolicy) {
                globalPolicies.add(policy);
            } else {
                policiesByNamespace.computeIfAbsent(policy.ref().namespace(), n -> new ArrayList<>()).add(policy);
            }
            List<PodEndpoint> pods = new ArrayList<>();
            for (int i : candidates(policy)) {
                if (policy.selects(contextList.get(i))) {
                    selecting.get(i).add(policy);
                    pods.add(contextList.get(i).pod());
                }
            }
            selected.putIfAbsent(policy, List.copyOf(pods));
        }
    }

    /** Positions of every pod a policy can select, ascending: its namespace's (by label for Kubernetes), or all. */
    private List<Integer> candidates(ModelPolicy policy) {
        return switch (policy) {
            case KubernetesNetworkPolicy k -> {
                LabelIndex<Integer> index = positionsByLabel.get(k.ref().namespace());
                yield index == null ? List.of() : index.matching(k.podSelector());
            }
            case CalicoPolicy c when c.global() -> allPositions();
            case CalicoPolicy c -> positionsByNamespace.getOrDefault(c.ref().namespace(), List.of());
            case AdminNetworkPolicy a -> allPositions();
        };
    }

    private List<Integer> allPositions() {
        List<Integer> all = new ArrayList<>(contextList.size());
        for (int i = 0; i < contextList.size(); i++) {
            all.add(i);
        }
        return all;
    }

    public static PolicyModel of(ClusterSnapshot snapshot) {
        return new PolicyModel(snapshot);
    }

    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    public List<PodEndpoint> pods() {
        return snapshot.pods();
    }

    /** Every policy in evaluation order (tier order, tier, order, name). */
    public List<ModelPolicy> policies() {
        return ordered;
    }

    public List<PolicyError> errors() {
        return snapshot.errors();
    }

    public Optional<PodEndpoint> pod(String key) {
        PodContext context = contexts.get(key);
        return context == null ? Optional.empty() : Optional.of(context.pod());
    }

    public Optional<PodEndpoint> podByIp(String ip) {
        return Optional.ofNullable(byIp.get(ip));
    }

    /**
     * Whether the pod is isolated in this direction: a policy of this direction selects it in a tier that denies
     * what its rules leave undecided (every tier but Calico tiers with {@code defaultAction: Pass}). The pod need
     * not be in the snapshot.
     */
    public boolean isolated(PodEndpoint pod, Direction direction) {
        return selectingPolicies(pod, direction).stream()
                .anyMatch(p -> snapshot.tierDefaultAction(p.tier()) == RuleAction.DENY);
    }

    /** The policies that select the pod and have this direction among their types, in evaluation order. */
    public List<ModelPolicy> selectingPolicies(PodEndpoint pod, Direction direction) {
        return selectingPolicies(pod).stream().filter(p -> p.types().contains(direction)).toList();
    }

    /** The policies that select the pod, whatever their types (a policy without types still "selects" it). */
    public List<ModelPolicy> selectingPolicies(PodEndpoint pod) {
        int position = position(pod);
        if (position >= 0) {
            return selecting.get(position);
        }
        // A pod outside the snapshot: only the policies of its namespace and the global ones can select it.
        PodContext context = context(pod);
        List<ModelPolicy> candidates = new ArrayList<>(policiesByNamespace.getOrDefault(pod.namespace(), List.of()));
        candidates.addAll(globalPolicies);
        candidates.sort(Comparator.comparingInt(rank::get));
        return candidates.stream().filter(p -> p.selects(context)).toList();
    }

    /** Whether the snapshot holds a pod of the namespace ("" for any namespace). */
    public boolean hasPodsIn(String namespace) {
        return namespace.isEmpty() ? !contextList.isEmpty() : positionsByNamespace.containsKey(namespace);
    }

    /** The pods of the snapshot a policy applies to. */
    public List<PodEndpoint> selectedPods(ModelPolicy policy) {
        List<PodEndpoint> known = selected.get(policy);
        if (known != null) {
            return known;
        }
        return candidates(policy).stream().map(contextList::get).filter(policy::selects).map(PodContext::pod).toList();
    }

    /** The pods of the snapshot a peer selects (by labels, or by IP for blocks). */
    public List<PodEndpoint> podsOf(NetworkPolicyPeer peer) {
        return matching(peer).stream().map(PodContext::pod).toList();
    }

    /** The contexts a peer matches, in snapshot order, tested only in the namespaces and labels it can match. */
    private List<PodContext> matching(NetworkPolicyPeer peer) {
        List<Integer> candidates = new ArrayList<>();
        if (peer.isAny() || peer.isAddressOnly()) {
            candidates = allPositions();
        } else {
            for (Map.Entry<String, List<Integer>> namespace : positionsByNamespace.entrySet()) {
                List<Integer> positions = namespace.getValue();
                if (peer.namespaces() != null
                        ? !peer.namespaces().matches(contextList.get(positions.getFirst()).namespaceLabels(peer.calico()))
                        : peer.namespace() != null && !peer.namespace().equals(namespace.getKey())) {
                    continue;
                }
                candidates.addAll(peer.pods() instanceof LabelSelector selector && !peer.calico()
                        ? positionsByLabel.get(namespace.getKey()).matching(selector) : positions);
            }
            candidates.sort(null);
        }
        List<PodContext> matched = new ArrayList<>();
        for (int i : candidates) {
            if (peer.matches(contextList.get(i))) {
                matched.add(contextList.get(i));
            }
        }
        return matched;
    }

    /** The position of a pod of the snapshot, or -1 for a pod it does not hold. */
    private int position(PodEndpoint pod) {
        PodContext known = contexts.get(pod.key());
        if (known == null || !(known.pod() == pod || known.pod().equals(pod))) {
            return -1;
        }
        return positionByKey.get(pod.key());
    }

    /** The resolved, ordered rules that decide this pod's traffic in a direction. */
    public PodRules rulesFor(PodEndpoint pod, Direction direction) {
        Map<String, PodRules> cache = direction == Direction.INGRESS ? ingressCache : egressCache;
        PodRules cached = cache.get(pod.key());
        if (cached != null && (cached.pod() == pod || cached.pod().equals(pod))) {
            return cached;
        }
        PodRules rules = resolve(pod, direction);
        if (contexts.containsKey(pod.key()) && contexts.get(pod.key()).pod().equals(pod)) {
            cache.put(pod.key(), rules);
        }
        return rules;
    }

    public Verdict evaluate(PodEndpoint from, PodEndpoint to, int port, Protocol protocol) {
        return evaluate(Endpoint.of(from), Endpoint.of(to), port, protocol);
    }

    /**
     * The verdict for a new connection from {@code from} to {@code to} on a destination port. An address that is
     * a known pod's IP is that pod.
     */
    public Verdict evaluate(Endpoint from, Endpoint to, int port, Protocol protocol) {
        Endpoint source = known(from);
        Endpoint destination = known(to);
        if (source.isPod() && destination.isPod() && source.pod().podIP() != null
                && source.pod().key().equals(destination.pod().key())) {
            // A pod reaching its own IP stays inside its network namespace: no policy sees it. (A workload's
            // template stands for several pods, so its self-pair is replica to replica and is evaluated.)
            return Verdict.allow(() -> "a pod reaching itself never leaves its network namespace");
        }
        if (ownNode(source, destination) || ownNode(destination, source)) {
            return Verdict.allow(() -> "traffic between a pod and its own node is always allowed");
        }
        Verdict egress = source.isPod() ? rulesFor(source.pod(), Direction.EGRESS).decide(destination, protocol, port, podAddresses)
                : Verdict.allow(() -> "the source " + source + " is not a pod: no egress policy applies");
        Verdict ingress = destination.isPod() ? rulesFor(destination.pod(), Direction.INGRESS).decide(source, protocol, port, podAddresses)
                : Verdict.allow(() -> "the destination " + destination + " is not a pod: no ingress policy applies");
        if (egress.denied() && ingress.denied()) {
            return new Verdict(false, () -> egress.reason() + "; " + ingress.reason(), egress.policy(), egress.rule());
        }
        if (egress.denied()) {
            return egress;
        }
        if (ingress.denied()) {
            return ingress;
        }
        if (egress.depends() || ingress.depends()) {
            // The two ends' addresses are independent unknowns: either one may decide.
            return Verdict.depends(() -> egress.reason() + "; " + ingress.reason());
        }
        Verdict decisive = ingress.policy() != null || egress.policy() == null ? ingress : egress;
        return new Verdict(true, () -> egress.reason() + "; " + ingress.reason(), decisive.policy(), decisive.rule());
    }

    private Endpoint known(Endpoint endpoint) {
        if (endpoint.isPod() || endpoint.ip() == null) {
            return endpoint;
        }
        PodEndpoint pod = byIp.get(endpoint.ip());
        return pod == null ? endpoint : Endpoint.of(pod);
    }

    private boolean ownNode(Endpoint address, Endpoint pod) {
        if (address.isPod() || !pod.isPod() || pod.pod().nodeName() == null || address.ip() == null) {
            return false;
        }
        return nodeAddresses.getOrDefault(pod.pod().nodeName(), List.of()).contains(address.ip());
    }

    private PodContext context(PodEndpoint pod) {
        PodContext known = contexts.get(pod.key());
        if (known != null && (known.pod() == pod || known.pod().equals(pod))) {
            return known;
        }
        return newContext(pod);
    }

    private PodContext newContext(PodEndpoint pod) {
        return PodContext.of(pod, snapshot.namespace(pod.namespace()), snapshot.serviceAccountLabels(pod.namespace(), pod.serviceAccount()));
    }

    private PodRules resolve(PodEndpoint pod, Direction direction) {
        PodContext context = context(pod);
        Map<String, List<ResolvedPolicy>> byTier = new LinkedHashMap<>();
        for (ModelPolicy policy : selectingPolicies(pod)) {
            if (!policy.types().contains(direction)) {
                continue;
            }
            List<ResolvedRule> rules = new ArrayList<>();
            for (PolicyRule rule : policy.rules(direction)) {
                rules.add(resolveRule(rule, direction, context));
            }
            byTier.computeIfAbsent(policy.tier(), t -> new ArrayList<>())
                    .add(new ResolvedPolicy(policy, policy.tier(), policy.order(), rules));
        }
        List<ResolvedTier> tiers = new ArrayList<>();
        byTier.forEach((name, policies) -> tiers.add(new ResolvedTier(name, snapshot.tierOrder(name), policies,
                snapshot.tierDefaultAction(name))));
        return new PodRules(pod, direction, tiers);
    }

    private ResolvedRule resolveRule(PolicyRule rule, Direction direction, PodContext pod) {
        String description = direction.lower() + " rule " + (rule.index() + 1) + " (" + rule.path() + ")";
        if (rule.local() != null && !rule.local().matches(pod)) {
            return new ResolvedRule(rule.action(), List.of(), rule, description);
        }
        PeerSet peers = peerSets.computeIfAbsent(rule, r -> resolvePeers(r.peers()));
        if (direction == Direction.EGRESS) {
            return new ResolvedRule(rule.action(), egressMatches.computeIfAbsent(rule, r -> resolveEgressPorts(r, peers)),
                    rule, description);
        }
        List<RuleMatch> matches = new ArrayList<>();
        if (rule.ports().isEmpty()) {
            matches.add(new RuleMatch(peers, PortMatch.ANY));
        }
        for (NetworkPolicyPort port : rule.ports()) {
            if (!port.isNamed()) {
                matches.add(new RuleMatch(peers, numeric(port)));
                continue;
            }
            // Ingress: a named port is resolved on the selected pod itself.
            for (ContainerPort exposed : pod.pod().ports()) {
                if (exposed.name().equals(port.name()) && (port.protocol() == null || port.protocol() == exposed.protocol())) {
                    matches.add(new RuleMatch(peers, PortMatch.of(exposed.protocol(), exposed.port())));
                }
            }
        }
        return new ResolvedRule(rule.action(), matches, rule, description);
    }

    /** Egress: a named port is resolved on each destination pod; one match per distinct number, with its pods. */
    private List<RuleMatch> resolveEgressPorts(PolicyRule rule, PeerSet peers) {
        List<RuleMatch> matches = new ArrayList<>();
        if (rule.ports().isEmpty()) {
            matches.add(new RuleMatch(peers, PortMatch.ANY));
        }
        for (NetworkPolicyPort port : rule.ports()) {
            if (!port.isNamed()) {
                matches.add(new RuleMatch(peers, numeric(port)));
                continue;
            }
            Map<PortMatch, List<PodEndpoint>> groups = new LinkedHashMap<>();
            Map<PortMatch, Map<String, AddressSet>> templateGroups = new LinkedHashMap<>();
            for (PodContext candidate : contexts.values()) {
                PodEndpoint destination = candidate.pod();
                // A template in an address peer matches only at some addresses: it joins the group there.
                AddressSet where = destination.podIP() == null ? peers.addressesOf(destination) : null;
                if (where == null ? !peers.matchesPod(destination) : where.isEmpty()) {
                    continue;
                }
                for (ContainerPort exposed : destination.ports()) {
                    if (exposed.name().equals(port.name()) && (port.protocol() == null || port.protocol() == exposed.protocol())) {
                        PortMatch number = PortMatch.of(exposed.protocol(), exposed.port());
                        if (where == null || where.isEverything()) {
                            groups.computeIfAbsent(number, k -> new ArrayList<>()).add(destination);
                        } else {
                            templateGroups.computeIfAbsent(number, k -> new HashMap<>()).put(destination.key(), where);
                        }
                        groups.computeIfAbsent(number, k -> new ArrayList<>());
                    }
                }
            }
            groups.forEach((match, pods) -> matches.add(new RuleMatch(
                    PeerSet.of(pods, List.of(), templateGroups.getOrDefault(match, Map.of())), match)));
        }
        return matches;
    }

    private static PortMatch numeric(NetworkPolicyPort port) {
        if (port.isAllPorts()) {
            return port.protocol() == null ? PortMatch.ANY : PortMatch.all(port.protocol());
        }
        return new PortMatch(port.protocol(), port.port(), Math.max(port.port(), port.endPort()));
    }

    private PeerSet resolvePeers(List<NetworkPolicyPeer> peers) {
        if (peers.isEmpty()) {
            return PeerSet.ANY;
        }
        Map<String, PodEndpoint> pods = new LinkedHashMap<>();
        List<IpBlock> blocks = new ArrayList<>();
        Map<String, AddressSet> templates = new HashMap<>();
        for (NetworkPolicyPeer peer : peers) {
            if (peer.isAny()) {
                return PeerSet.ANY;
            }
            if (peer.nodes() != null) {
                for (NodeInfo node : snapshot.nodes()) {
                    if (peer.nodes().matches(node.labels())) {
                        node.addresses().forEach(a -> blocks.add(IpBlock.of(a + (a.contains(":") ? "/128" : "/32"))));
                    }
                }
                continue;
            }
            if (peer.calico()) {
                resolveCalicoPeer(peer, pods, blocks, templates);
                continue;
            }
            if (peer.isAddressOnly()) {
                blocks.addAll(peer.nets());
                continue;
            }
            for (PodContext candidate : matching(peer)) {
                pods.putIfAbsent(candidate.pod().key(), candidate.pod());
            }
        }
        return PeerSet.of(List.copyOf(pods.values()), blocks, templates);
    }

    /**
     * A Calico entity as pods plus address blocks (see {@link NetworkPolicyPeer}): a pod matches when its labels are
     * selected (or its IP is in a network set the selector selects), neither its labels nor its IP are excluded by
     * the notSelector, and its IP meets nets and notNets; an address that is no pod matches when it meets them and
     * is in a selected network set (or the entity has no positive selector). Pods the notSelector excludes become
     * excepts of the blocks, so that the blocks never match them. O(pods + network sets) per entity.
     */
    private void resolveCalicoPeer(NetworkPolicyPeer peer, Map<String, PodEndpoint> pods, List<IpBlock> blocks,
                                   Map<String, AddressSet> templates) {
        AddressSet selectedSets = AddressSet.EMPTY;
        AddressSet excludedSets = AddressSet.EMPTY;
        for (CalicoNetworkSet set : snapshot.networkSets()) {
            if (peer.hasSelector() && selects(peer, set)) {
                selectedSets = selectedSets.union(AddressSet.of(set.nets()));
            }
            if (peer.notPods() != null && peer.notPods().matches(set.labels())) {
                excludedSets = excludedSets.union(AddressSet.of(set.nets()));
            }
        }
        AddressSet allowedAddresses = peer.addresses().minus(excludedSets);
        AddressSet addressOnly = peer.hasSelector() ? selectedSets.intersect(allowedAddresses) : allowedAddresses;
        List<String> excludedPods = new ArrayList<>();
        for (PodContext candidate : contexts.values()) {
            PodEndpoint pod = candidate.pod();
            boolean excluded = peer.notPods() != null && peer.notPods().matches(candidate.calicoLabels());
            boolean selected = !excluded && peer.matchesLabels(candidate);
            if (pod.podIP() == null) {
                AddressSet where = excluded ? AddressSet.EMPTY : selected ? allowedAddresses : addressOnly;
                if (!where.equals(addressOnly)) {
                    templates.merge(pod.key(), where, AddressSet::union);
                }
            } else if (selected && allowedAddresses.contains(pod.podIP())) {
                pods.putIfAbsent(pod.key(), pod);
            } else if (excluded && addressOnly.contains(pod.podIP())) {
                excludedPods.add(pod.podIP());
            }
        }
        if (addressOnly.isEmpty()) {
            return;
        }
        if (excludedSets.isEmpty() && excludedPods.isEmpty() && !peer.hasSelector()) {
            // nets without notNets, as written: what --explain prints and the enforcer loads.
            List<IpBlock> nets = peer.nets() != null ? peer.nets() : List.of(IpBlock.of("0.0.0.0/0"), IpBlock.of("::/0"));
            for (IpBlock net : nets) {
                List<String> holes = peer.notNets() == null ? List.of() : peer.notNets().stream().map(IpBlock::cidr)
                        .filter(hole -> !AddressSet.cidr(hole).intersect(AddressSet.cidr(net.cidr())).isEmpty()).toList();
                blocks.add(new IpBlock(net.cidr(), holes));
            }
            return;
        }
        for (String cidr : addressOnly.toCidrs()) {
            AddressSet range = AddressSet.cidr(cidr);
            blocks.add(new IpBlock(cidr, excludedPods.stream().filter(range::contains)
                    .map(ip -> ip + (ip.contains(":") ? "/128" : "/32")).toList()));
        }
    }

    /** Whether a peer's positive selector (namespace scope and labels) selects a network set. */
    private boolean selects(NetworkPolicyPeer peer, CalicoNetworkSet set) {
        if (peer.namespaces() != null) {
            Map<String, String> namespaceLabels = set.global() ? CalicoSelector.GLOBAL
                    : PodContext.calicoNamespaceLabels(snapshot.namespace(set.namespace()));
            if (!peer.namespaces().matches(namespaceLabels)) {
                return false;
            }
        } else if (peer.namespace() != null && !peer.namespace().equals(set.namespace())) {
            return false;
        }
        return peer.pods() == null || peer.pods().matches(set.labels());
    }
}
