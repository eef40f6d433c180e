package dev.palisade.enforcer;

import java.util.List;
import java.util.Map;

/**
 * The whole desired filter-table state of one node: the chains the enforcer owns (in order, each with its rules in
 * iptables-restore syntax without the {@code -A CHAIN} part), the jumps from built-in chains into them, and the sets
 * the rules name; {@code skipped} says what the compiler left out (malformed addresses), each with its reason.
 * {@code podChains} names, per local pod address, its egress and ingress chain: chains and sets are named by their
 * content, so a pod whose two names did not change between two rulesets is decided exactly as before.
 */
public record FirewallRuleset(List<Chain> chains, Map<String, String> jumps, List<IpSet> sets, List<String> skipped,
                              Map<String, String> podChains) {
    public FirewallRuleset(List<Chain> chains, Map<String, String> jumps, List<IpSet> sets) {
        this(chains, jumps, sets, List.of(), Map.of());
    }

    /** A chain the enforcer owns; every name starts with {@link #PREFIX}. */
    public record Chain(String name, List<String> rules) {}

    public static final String PREFIX = "PALISADE-";

    public int ruleCount() {
        return chains.stream().mapToInt(chain -> chain.rules().size()).sum() + jumps.size();
    }
}
