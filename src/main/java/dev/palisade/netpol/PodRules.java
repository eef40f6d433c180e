package dev.palisade.netpol;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything that decides one direction of traffic of one pod, resolved and in evaluation order: tiers by tier
 * order, and within a tier policies by order then name (Kubernetes policies are order 1000 in tier
 * {@code default}). {@link #decide} is the evaluation the model's truth table uses, so that an enforcer that
 * compiles these tiers into rules in the same order produces the same answers:
 * <ol>
 *   <li>No tiers (no policy of this direction selects the pod): allowed; the pod is not isolated.</li>
 *   <li>Per tier, per policy, per rule: the first matching rule decides. Allow and Deny end evaluation; Log
 *   continues with the next rule; Pass skips to the next tier.</li>
 *   <li>A tier in which no rule decided applies its default action: Deny (Calico's end-of-tier deny; Kubernetes'
 *   isolation), or Pass to the next tier.</li>
 *   <li>Passed through every tier: allowed by Calico's default profile.</li>
 * </ol>
 * A peer without an address (a workload's pod template) is evaluated over every address it may have (the pod
 * CIDRs): each rule takes the addresses it matches out of the ones still undecided, so one walk over the rules
 * finds the answer at every address, and the verdict "depends on the address" when they differ.
 */
public record PodRules(PodEndpoint pod, Direction direction, List<ResolvedTier> tiers) {

    public PodRules {
        tiers = List.copyOf(tiers);
    }

    /** Isolated in this direction: some policy of this direction selects the pod in a tier that denies at its end. */
    public boolean isolated() {
        return tiers.stream().anyMatch(t -> !t.passesAtEnd());
    }

    /** Every applying policy, in evaluation order. */
    public List<ResolvedPolicy> policies() {
        List<ResolvedPolicy> all = new ArrayList<>();
        tiers.forEach(t -> all.addAll(t.policies()));
        return all;
    }

    /** The verdict for traffic with {@code peer} (the source for ingress, the destination for egress). */
    public Verdict decide(Endpoint peer, Protocol protocol, int port) {
        return decide(peer, protocol, port, AddressSet.EVERYTHING);
    }

    /**
     * The verdict for traffic with {@code peer}; a peer pod without an IP may have any address of
     * {@code unknownAddresses} (the pod CIDRs, or every address when they are not known).
     */
    public Verdict decide(Endpoint peer, Protocol protocol, int port, AddressSet unknownAddresses) {
        Supplier<String> what = () -> direction.lower() + (direction == Direction.INGRESS ? " from " : " to ") + peer
                + " on " + ProbePort.describe(port, protocol);
        if (tiers.isEmpty()) {
            return Verdict.allow(() -> pod.key() + " is not isolated for " + direction.lower() + " (no policy selects it)");
        }
        if (peer.isPod() && peer.pod().podIP() == null) {
            return decideByAddress(peer.pod(), protocol, port, unknownAddresses, what);
        }
        String passedBy = null;
        for (ResolvedTier tier : tiers) {
            String passed = null;
            evaluation:
            for (ResolvedPolicy policy : tier.policies()) {
                for (ResolvedRule rule : policy.rules()) {
                    boolean match = peer.isPod() ? rule.matchesPod(peer.pod(), protocol, port)
                            : rule.matchesAddress(peer.ip(), protocol, port);
                    if (!match) {
                        continue;
                    }
                    switch (rule.action()) {
                        case LOG -> { }
                        case ALLOW -> {
                            return new Verdict(true, () -> what.get() + " allowed by " + by(policy, rule), policy.policy(),
                                    rule.source().index());
                        }
                        case DENY -> {
                            return new Verdict(false, () -> what.get() + " denied by " + by(policy, rule), policy.policy(),
                                    rule.source().index());
                        }
                        case PASS -> {
                            passed = by(policy, rule);
                            break evaluation;
                        }
                    }
                }
            }
            if (passed == null && !tier.passesAtEnd()) {
                return Verdict.deny(() -> what.get() + " " + endOfTier(tier));
            }
            passedBy = passed != null ? passed : "the default action Pass of tier " + tier.name();
        }
        String lastPass = passedBy;
        return Verdict.allow(() -> what.get() + " passed by " + lastPass + " past the last tier: Calico's default profile allows it");
    }

    /** One answer over a part of the addresses an unknown peer may have. */
    private record Outcome(AddressSet where, boolean allowed, Supplier<String> why, ModelPolicy policy, int rule,
                           boolean byAddress) {}

    private Verdict decideByAddress(PodEndpoint peer, Protocol protocol, int port, AddressSet possible, Supplier<String> what) {
        List<Outcome> outcomes = new ArrayList<>();
        AddressSet undecided = possible;
        for (ResolvedTier tier : tiers) {
            AddressSet passed = AddressSet.EMPTY;
            evaluation:
            for (ResolvedPolicy policy : tier.policies()) {
                for (ResolvedRule rule : policy.rules()) {
                    if (undecided.isEmpty()) {
                        break evaluation;
                    }
                    if (rule.action() == RuleAction.LOG) {
                        continue;
                    }
                    AddressSet ruleAddresses = rule.addressesOf(peer, protocol, port);
                    AddressSet matched = undecided.intersect(ruleAddresses);
                    if (matched.isEmpty()) {
                        continue;
                    }
                    undecided = undecided.minus(matched);
                    boolean byAddress = !ruleAddresses.isEverything();
                    switch (rule.action()) {
                        case ALLOW -> outcomes.add(new Outcome(matched, true, () -> "allowed by " + by(policy, rule),
                                policy.policy(), rule.source().index(), byAddress));
                        case DENY -> outcomes.add(new Outcome(matched, false, () -> "denied by " + by(policy, rule),
                                policy.policy(), rule.source().index(), byAddress));
                        default -> passed = passed.union(matched);
                    }
                }
            }
            if (!undecided.isEmpty()) {
                if (tier.passesAtEnd()) {
                    passed = passed.union(undecided);
                } else {
                    outcomes.add(new Outcome(undecided, false, () -> endOfTier(tier), null, -1, !undecided.equals(possible)));
                }
            }
            undecided = passed;
            if (undecided.isEmpty()) {
                break;
            }
        }
        if (!undecided.isEmpty()) {
            outcomes.add(new Outcome(undecided, true, () -> "passed past the last tier: Calico's default profile allows it",
                    null, -1, !undecided.equals(possible)));
        }
        boolean allAllowed = outcomes.stream().allMatch(Outcome::allowed);
        boolean allDenied = outcomes.stream().noneMatch(Outcome::allowed);
        Supplier<String> addresses = () -> peer.key() + " has no address yet (a workload's pods get theirs when they run): "
                + (possible.isEverything() ? "no pod CIDRs are known (give --pod-cidr or networkPolicy.podCidrs), so it may have any address"
                : "its pods get addresses in the pod CIDRs " + possible);
        if (allAllowed || allDenied) {
            Outcome first = outcomes.getFirst();
            boolean byAddress = outcomes.size() > 1 || first.byAddress();
            return new Verdict(allAllowed, () -> what.get() + " " + first.why().get()
                    + (outcomes.size() > 1 ? " (and alike at its other addresses)" : "")
                    + (byAddress ? "; " + addresses.get() : ""), first.policy(), first.rule());
        }
        return Verdict.depends(() -> {
            StringBuilder text = new StringBuilder(what.get()).append(" depends on the address; ").append(addresses.get());
            for (Outcome outcome : outcomes) {
                text.append("; ").append(place(outcome.where(), possible)).append(": ").append(outcome.why().get());
            }
            return text.toString();
        });
    }

    /** "at 10.0.0.0/16", or "outside 10.0.0.0/16" when that is the shorter way to say it. */
    private static String place(AddressSet where, AddressSet possible) {
        AddressSet rest = possible.minus(where);
        return rest.toCidrs().size() < where.toCidrs().size() ? "outside " + rest : "at " + where;
    }

    private String endOfTier(ResolvedTier tier) {
        return "denied: " + pod.key() + " is isolated for " + direction.lower() + " by " + names(tier)
                + (tier.name().equals("default") ? "" : " (tier " + tier.name() + ")") + " and no rule allows it";
    }

    private static String by(ResolvedPolicy policy, ResolvedRule rule) {
        return policy.describe() + " " + rule.description();
    }

    /** The isolating policies of a tier; at most three by name, so that reasons stay readable. */
    private static String names(ResolvedTier tier) {
        List<String> names = tier.policies().stream().map(ResolvedPolicy::describe).toList();
        return names.size() <= 3 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }
}
