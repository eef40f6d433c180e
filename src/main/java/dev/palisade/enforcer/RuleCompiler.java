package dev.palisade.enforcer;

import dev.palisade.netpol.Direction;
import dev.palisade.netpol.IpBlock;
import dev.palisade.netpol.PeerSet;
import dev.palisade.netpol.PodEndpoint;
import dev.palisade.netpol.PodRules;
import dev.palisade.netpol.PortMatch;
import dev.palisade.netpol.Protocol;
import dev.palisade.netpol.ResolvedPolicy;
import dev.palisade.netpol.ResolvedRule;
import dev.palisade.netpol.ResolvedTier;
import dev.palisade.netpol.RuleAction;
import dev.palisade.netpol.RuleMatch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles the NetworkPolicy model's resolved rules ({@code PolicyModel.rulesFor}) for the pods of one node into
 * filter-table chains and ipsets, in the layout Calico and kube-router use. A pure function: no kernel, no root.
 *
 * <pre>
 * FORWARD -> PALISADE-FORWARD
 *   ctstate RELATED,ESTABLISHED ACCEPT; ctstate INVALID DROP
 *   from / to the pod CIDR, TCP without SYN, ctstate NEW: deny floor   (unless --keep-established; see EstablishedFlows)
 *   from the pod CIDR, UDP to the VXLAN port: DROP         (encapsulation must not bypass egress policy)
 *   from / to the pod CIDR but not a known pod: deny floor (a pod is unreachable until its rules are in)
 *   src in PODS-k -> PALISADE-E-k   egress: RETURN when allowed, deny floor otherwise   (one rule per distinct chain)
 *   dst in PODS-k -> PALISADE-I-k   ingress: ACCEPT when allowed, deny floor otherwise
 *   from the pod CIDR: ACCEPT                                 (egress passed, destination not a local pod)
 * PALISADE-I-k / PALISADE-E-k: one per distinct content, shared by the pods it applies to (set PODS-k)
 *   ctstate RELATED,ESTABLISHED ACCEPT; INVALID DROP
 *   per tier: clear marks; -> PALISADE-T-tier; marked allow? ACCEPT / RETURN   (marked pass: next tier)
 *   passed every tier: allowed (Calico's default profile)
 * PALISADE-T-rules: a tier's rules in order (policy order, then name), named by content and shared by pods
 *   Allow: set the allow mark, RETURN when marked; Deny: deny floor; Log: rate-limited LOG, continue;
 *   Pass: set the pass mark, RETURN; end of tier: deny floor
 * INPUT -> PALISADE-INPUT: UDP to the VXLAN port from the pod CIDR: DROP
 * OUTPUT -> PALISADE-OUTPUT: out of the bridge to the pod CIDR: ACCEPT      (node to its own pods is always allowed)
 * </pre>
 */
public final class RuleCompiler {
    static final String FORWARD = "PALISADE-FORWARD";
    static final String INPUT = "PALISADE-INPUT";
    static final String OUTPUT = "PALISADE-OUTPUT";
    static final String DENY = "PALISADE-DENY";
    static final String ALLOW_MARK = "0x10000/0x10000";
    static final String PASS_MARK = "0x20000/0x20000";
    static final String CLEAR_MARKS = "0x0/0x30000";
    private static final String ESTABLISHED = "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT";
    private static final String INVALID = "-m conntrack --ctstate INVALID -j DROP";
    private static final String MID_STREAM = "-p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -m conntrack --ctstate NEW -j " + DENY;

    private final EnforcerSettings settings;

    public RuleCompiler(EnforcerSettings settings) {
        this.settings = settings;
    }

    /**
     * What one compile collects besides chains: the sets by name, every pod address checked once (raw text to its
     * canonical form; absent when it is IPv6 or malformed), and what was left out, each with its reason.
     */
    private record Context(Map<String, IpSet> sets, Map<String, String> podAddresses, List<String> skipped,
                           Map<PeerSet, List<String>> ingressPeers, Map<PeerSet, List<String>> egressPeers,
                           Map<List<Object>, FirewallRuleset.Chain> tiers) {
        /** The canonical IPv4 form of a pod address, or null when it is IPv6 (not in this ruleset) or malformed (logged). */
        String address(PodEndpoint pod) {
            String raw = pod.podIP();
            if (raw == null) {
                return null;
            }
            if (!podAddresses.containsKey(raw)) {
                String canonical = null;
                if (raw.indexOf(':') < 0) {
                    try {
                        canonical = Ipv4.parseHost(raw, "Pod " + pod.key() + " status.podIP").host();
                    } catch (EnforcerException e) {
                        skipped.add(e.getMessage() + "; left out of every set and rule");
                    }
                }
                podAddresses.put(raw, canonical);
            }
            return podAddresses.get(raw);
        }
    }

    /**
     * The whole ruleset of {@code self}: every local pod's chains, the dispatch, the floor and the sets. Every
     * address is checked before it reaches a set or a rule: a malformed pod IP or block is left out (named in
     * {@link FirewallRuleset#skipped()}) and the rest compiles, so one bad object can neither fail every sync nor
     * make {@code ipset restore} stop half-way.
     */
    public FirewallRuleset compile(ClusterState state, ClusterNode self) {
        String cidr = self.podCidr().toString();
        // The model shares one PeerSet per policy rule among all the pods the rule applies to: its set is built once
        // per compile (sorting and hashing the members), not once per pod.
        Context context = new Context(new LinkedHashMap<>(), new java.util.HashMap<>(), new ArrayList<>(),
                new java.util.IdentityHashMap<>(), new java.util.IdentityHashMap<>(), new java.util.HashMap<>());
        for (PodEndpoint pod : state.model().pods()) {
            context.address(pod); // each malformed address is reported once, whether or not a rule names it
        }
        List<PodEndpoint> local = state.model().pods().stream()
                .filter(pod -> self.name().equals(pod.nodeName()) && context.address(pod) != null
                        && self.podCidr().contains(Ipv4.parse(context.address(pod), "pod IP")))
                .sorted((a, b) -> a.key().compareTo(b.key()))
                .toList();
        Map<String, IpSet> sets = context.sets();
        List<FirewallRuleset.Chain> chains = new ArrayList<>();
        IpSet known = IpSet.of(local.stream().map(pod -> context.address(pod) + "/32").toList());
        sets.put(known.name(), known);

        List<String> forward = new ArrayList<>();
        forward.add(ESTABLISHED);
        forward.add(INVALID);
        if (settings.cutDeniedFlows()) {
            // A TCP packet without SYN that has no conntrack entry (its entry was cut because the flow is now denied)
            // would otherwise be picked up as a new connection, in whichever direction it travels: an ACK of the
            // server would then pass as the server "connecting" to the client, and revive the cut flow.
            forward.add("-s " + cidr + " " + MID_STREAM);
            forward.add("-d " + cidr + " " + MID_STREAM);
        }
        forward.add("-s " + cidr + " -p udp -m udp --dport " + settings.vxlanPort() + " -j DROP");
        forward.add("-s " + cidr + " -m set ! --match-set " + known.name() + " src -j " + DENY);
        forward.add("-d " + cidr + " -m set ! --match-set " + known.name() + " dst -j " + DENY);
        // Pod chains are named by their content and shared, as tier chains are: pods selected by the same policies
        // have the same chain, and the dispatch is one rule per distinct chain, matching a set of the pods that use it.
        // The rule count grows with the distinct policy combinations, not with the pods; a pod that comes or goes
        // changes the members of one dispatch set and the known set, not the chains.
        Map<String, FirewallRuleset.Chain> podChains = new LinkedHashMap<>();
        Map<String, FirewallRuleset.Chain> tierChains = new LinkedHashMap<>();
        Map<String, String> chainsOfPod = new LinkedHashMap<>();
        for (Direction direction : List.of(Direction.EGRESS, Direction.INGRESS)) {
            Map<String, List<String>> podsByChain = new LinkedHashMap<>();
            for (PodEndpoint pod : local) {
                FirewallRuleset.Chain chain = podChain(direction == Direction.EGRESS ? "E" : "I",
                        state.model().rulesFor(pod, direction), context, tierChains);
                podChains.putIfAbsent(chain.name(), chain);
                podsByChain.computeIfAbsent(chain.name(), name -> new ArrayList<>()).add(context.address(pod) + "/32");
                chainsOfPod.merge(context.address(pod), chain.name(), (egress, ingress) -> egress + " " + ingress);
            }
            String side = direction == Direction.EGRESS ? " src" : " dst";
            podsByChain.forEach((chain, pods) -> {
                IpSet dispatch = IpSet.of(pods);
                sets.putIfAbsent(dispatch.name(), dispatch);
                forward.add("-m set --match-set " + dispatch.name() + side + " -j " + chain);
            });
        }
        forward.add("-s " + cidr + " -j ACCEPT");

        chains.add(new FirewallRuleset.Chain(FORWARD, forward));
        chains.add(new FirewallRuleset.Chain(INPUT, List.of("-s " + cidr + " -p udp -m udp --dport " + settings.vxlanPort() + " -j DROP")));
        chains.add(new FirewallRuleset.Chain(OUTPUT, List.of("-d " + cidr + " -o " + settings.bridge() + " -j ACCEPT")));
        chains.add(new FirewallRuleset.Chain(DENY, denyRules()));
        chains.addAll(podChains.values());
        chains.addAll(tierChains.values());
        Map<String, String> jumps = new LinkedHashMap<>();
        jumps.put("INPUT", INPUT);
        jumps.put("FORWARD", FORWARD);
        jumps.put("OUTPUT", OUTPUT);
        List<String> skipped = new ArrayList<>(state.skipped());
        skipped.addAll(context.skipped());
        return new FirewallRuleset(chains, jumps, List.copyOf(sets.values()), List.copyOf(skipped), Map.copyOf(chainsOfPod));
    }

    /**
     * One pod's chain for one direction, named by its content ({@code kind} is E or I). Its tier chains go into
     * {@code tierChains}, named by their content, so pods selected by the same policies share them (as Calico shares
     * its policy chains): the rule count grows with pods plus policies, not with their product.
     */
    private FirewallRuleset.Chain podChain(String kind, PodRules rules, Context context, Map<String, FirewallRuleset.Chain> tierChains) {
        boolean ingress = rules.direction() == Direction.INGRESS;
        String allowed = ingress ? "-j ACCEPT" : "-j RETURN";
        List<String> lines = new ArrayList<>();
        lines.add(ESTABLISHED);
        lines.add(INVALID);
        for (ResolvedTier tier : rules.tiers()) {
            // Pods under the same policies resolve to the same rules: the tier chain is rendered once per distinct
            // tier (same policies, same rules, same matches), not once per pod.
            FirewallRuleset.Chain chain = context.tiers().computeIfAbsent(tierKey(tier, ingress), key -> {
                List<String> tierRules = tierRules(tier, ingress, context);
                return new FirewallRuleset.Chain(chainName("T", String.join("\n", tierRules)), tierRules);
            });
            lines.add("-j MARK --set-xmark " + CLEAR_MARKS);
            lines.add("-j " + chain.name());
            lines.add("-m mark --mark " + ALLOW_MARK + " " + allowed);
            tierChains.putIfAbsent(chain.name(), chain);
        }
        // Not isolated, or passed out of the last tier: allowed.
        lines.add(allowed);
        return new FirewallRuleset.Chain(chainName(kind, String.join("\n", lines)), lines);
    }

    /** The same object, compared by identity (the model shares policies, rules and peer sets among pods). */
    private record Same(Object object) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Same same && same.object == object;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(object);
        }
    }

    /** What a tier chain's text depends on, cheaper to compare than the text: policies, rules and their matches. */
    private static List<Object> tierKey(ResolvedTier tier, boolean ingress) {
        List<Object> key = new ArrayList<>();
        key.add(ingress);
        key.add(tier.passesAtEnd());
        for (ResolvedPolicy policy : tier.policies()) {
            key.add(new Same(policy.policy()));
            for (ResolvedRule rule : policy.rules()) {
                key.add(rule.action());
                key.add(new Same(rule.source()));
                key.add(rule.description());
                for (RuleMatch match : rule.matches()) {
                    key.add(new Same(match.peers()));
                    key.add(match.port());
                }
            }
        }
        return key;
    }

    private List<String> tierRules(ResolvedTier tier, boolean ingress, Context context) {
        List<String> lines = new ArrayList<>();
        boolean allowPending = false;
        for (ResolvedPolicy policy : tier.policies()) {
            for (ResolvedRule rule : policy.rules()) {
                List<String> matches = new ArrayList<>();
                for (RuleMatch match : rule.matches()) {
                    matches.addAll(matchArguments(match, ingress, context));
                }
                if (matches.isEmpty()) {
                    continue;
                }
                if (allowPending && rule.action() != RuleAction.ALLOW) {
                    lines.add("-m mark --mark " + ALLOW_MARK + " -j RETURN");
                    allowPending = false;
                }
                String comment = "-m comment --comment \"" + comment(policy, rule) + "\" ";
                for (String match : matches) {
                    switch (rule.action()) {
                        case ALLOW -> lines.add(match + comment + "-j MARK --set-xmark " + ALLOW_MARK);
                        case DENY -> lines.add(match + comment + "-j " + DENY);
                        case LOG -> lines.add(match + comment + "-m limit --limit 10/min -j LOG --log-prefix \"palisade-log: \"");
                        case PASS -> lines.add(match + comment + "-j MARK --set-xmark " + PASS_MARK);
                    }
                }
                if (rule.action() == RuleAction.ALLOW) {
                    allowPending = true;
                } else if (rule.action() == RuleAction.PASS) {
                    lines.add("-m mark --mark " + PASS_MARK + " -j RETURN");
                }
            }
        }
        if (allowPending) {
            lines.add("-m mark --mark " + ALLOW_MARK + " -j RETURN");
        }
        // End of tier, no rule decided: the tier's default action (Deny, or Pass on to the next tier).
        lines.add(tier.passesAtEnd() ? "-j MARK --set-xmark " + PASS_MARK : "-j " + DENY);
        return lines;
    }

    /**
     * The iptables match arguments (each ending in a space) of one RuleMatch: one line per ipset and protocol. Rules
     * are written in the canonical form iptables-save prints (addresses and interfaces, then the protocol, then the
     * matches in order; default options such as {@code --limit-burst 5} left out), so that the kernel's copy of a
     * chain that did not change compares equal and is not rewritten.
     */
    private static List<String> matchArguments(RuleMatch match, boolean ingress, Context context) {
        List<String> peers = peerArguments(match.peers(), ingress, context);
        List<String> lines = new ArrayList<>();
        for (String peer : peers) {
            for (String port : portArguments(match.port())) {
                // As iptables-save prints it (protocol before the matches), so an unchanged chain compares equal.
                if (port.startsWith("-p ")) {
                    int end = port.indexOf(' ', 3) + 1;
                    lines.add(port.substring(0, end) + peer + port.substring(end));
                } else {
                    lines.add(peer + port);
                }
            }
        }
        return lines;
    }

    /** No set for every peer; else one set of pod IPs and plain CIDRs, and one set per block with excepts. */
    private static List<String> peerArguments(PeerSet peers, boolean ingress, Context context) {
        Map<PeerSet, List<String>> memo = ingress ? context.ingressPeers() : context.egressPeers();
        List<String> known = memo.get(peers);
        if (known == null) {
            known = resolvePeerArguments(peers, ingress, context);
            memo.put(peers, known);
        }
        return known;
    }

    private static List<String> resolvePeerArguments(PeerSet peers, boolean ingress, Context context) {
        Map<String, IpSet> sets = context.sets();
        if (peers.isAny() || peers.blocks().stream().anyMatch(block -> block.isEverything() && block.cidr().indexOf(':') < 0)) {
            return List.of("");
        }
        String side = ingress ? " src " : " dst ";
        List<String> lines = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        for (PodEndpoint pod : peers.pods()) {
            String address = context.address(pod);
            if (address != null) {
                plain.add(address + "/32");
            }
        }
        for (IpBlock block : peers.blocks()) {
            if (block.cidr().indexOf(':') >= 0) {
                continue; // IPv6 blocks: the dataplane is IPv4 only (docs/enforcer.md)
            }
            List<String> entries;
            try {
                entries = new ArrayList<>(hashNetEntries(block.cidr(), ""));
                for (String except : block.except()) {
                    if (except.indexOf(':') < 0) {
                        entries.addAll(hashNetEntries(except, " nomatch"));
                    }
                }
            } catch (EnforcerException e) {
                // The whole block goes: without one of its holes it would admit more than the policy says.
                context.skipped().add(e.getMessage() + "; the block " + block + " is left out");
                continue;
            }
            if (block.except().isEmpty()) {
                plain.addAll(entries);
            } else {
                lines.add(setMatch(IpSet.of(entries), side, sets));
            }
        }
        if (!plain.isEmpty()) {
            lines.add(0, setMatch(IpSet.of(plain), side, sets));
        }
        return lines;
    }

    private static String setMatch(IpSet set, String side, Map<String, IpSet> sets) {
        sets.putIfAbsent(set.name(), set);
        return "-m set --match-set " + set.name() + side;
    }

    /** hash:net holds prefixes /1 to /32, so /0 becomes its two halves. */
    private static List<String> hashNetEntries(String cidr, String suffix) {
        Ipv4 prefix = Ipv4.parse(cidr, "ipBlock").networkPrefix();
        if (prefix.prefix() == 0) {
            return List.of("0.0.0.0/1" + suffix, "128.0.0.0/1" + suffix);
        }
        return List.of(prefix.host() + "/" + prefix.prefix() + suffix);
    }

    /**
     * {@code -p tcp -m tcp --dport 80:90 } and the like. A range without a protocol (not valid Kubernetes, but kept
     * exact rather than widened) becomes one line per protocol that has ports.
     */
    static List<String> portArguments(PortMatch port) {
        if (port.protocol() == null) {
            if (port.isAllPorts()) {
                return List.of("");
            }
            List<String> each = new ArrayList<>();
            for (Protocol protocol : Protocol.values()) {
                if (protocol.hasPorts()) {
                    each.addAll(portArguments(new PortMatch(protocol, port.from(), port.to())));
                }
            }
            return each;
        }
        if (port.protocol() == Protocol.ICMPV6) {
            return List.of(); // this ruleset is IPv4: an ICMPv6 rule matches none of its packets
        }
        String protocol = port.protocol().name().toLowerCase(Locale.ROOT);
        if (port.isAllPorts()) {
            return List.of("-p " + protocol + " ");
        }
        if (!port.protocol().hasPorts()) {
            return icmpTypes(port);
        }
        String range = port.from() == port.to() ? String.valueOf(port.from()) : port.from() + ":" + port.to();
        return List.of("-p " + protocol + " -m " + protocol + " --dport " + range + " ");
    }

    /** ICMP types and codes ({@code type * 256 + code}) as iptables {@code --icmp-type T} or {@code T/C} lines. */
    private static List<String> icmpTypes(PortMatch port) {
        List<String> lines = new ArrayList<>();
        for (int type = port.from() / 256; type <= port.to() / 256; type++) {
            int first = Math.max(port.from(), type * 256) % 256;
            int last = Math.min(port.to(), type * 256 + 255) % 256;
            if (first == 0 && last == 255) {
                lines.add("-p icmp -m icmp --icmp-type " + type + " ");
            } else {
                for (int code = first; code <= last; code++) {
                    lines.add("-p icmp -m icmp --icmp-type " + type + "/" + code + " ");
                }
            }
        }
        return lines;
    }

    private List<String> denyRules() {
        List<String> lines = new ArrayList<>();
        switch (settings.logDenied()) {
            case LOG -> lines.add("-m limit --limit 10/min -j LOG --log-prefix \"palisade-deny: \"");
            case NFLOG -> lines.add("-m limit --limit 10/min -j NFLOG --nflog-prefix palisade-deny --nflog-group 100");
            case NONE -> { }
        }
        lines.add(settings.denyAction() == EnforcerSettings.DenyAction.REJECT ? "-j REJECT --reject-with icmp-port-unreachable" : "-j DROP");
        return lines;
    }

    private static String comment(ResolvedPolicy policy, ResolvedRule rule) {
        String text = policy.describe() + " " + rule.description();
        text = text.replace('"', '\'');
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    /** A chain name of at most 28 characters, stable for the same key. */
    static String chainName(String kind, String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "PALISADE-" + kind + "-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
