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
 *   <li>A tier in which no rule decided denies (Calico's end-of-tier deny; Kubernetes' isolation).</li>
 *   <li>Passed through every tier: allowed by Calico's default profile.</li>
 * </ol>
 */
public record PodRules(PodEndpoint pod, Direction direction, List<ResolvedTier> tiers) {

    public PodRules {
        tiers = List.copyOf(tiers);
    }

    /** Isolated in this direction: some policy of this direction selects the pod. */
    public boolean isolated() {
        return !tiers.isEmpty();
    }

    /** Every applying policy, in evaluation order. */
    public List<ResolvedPolicy> policies() {
        List<ResolvedPolicy> all = new ArrayList<>();
        tiers.forEach(t -> all.addAll(t.policies()));
        return all;
    }

    /** The verdict for traffic with {@code peer} (the source for ingress, the destination for egress). */
    public Verdict decide(Endpoint peer, Protocol protocol, int port) {
        Supplier<String> what = () -> direction.lower() + (direction == Direction.INGRESS ? " from " : " to ") + peer
                + " on " + port + "/" + protocol;
        if (tiers.isEmpty()) {
            return Verdict.allow(() -> pod.key() + " is not isolated for " + direction.lower() + " (no policy selects it)");
        }
        ResolvedPolicy lastPassPolicy = null;
        ResolvedRule lastPassRule = null;
        for (ResolvedTier tier : tiers) {
            ResolvedPolicy passedPolicy = null;
            ResolvedRule passedRule = null;
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
                            passedPolicy = policy;
                            passedRule = rule;
                            break evaluation;
                        }
                    }
                }
            }
            if (passedPolicy == null) {
                return Verdict.deny(() -> what.get() + " denied: " + pod.key() + " is isolated for " + direction.lower()
                        + " by " + names(tier) + (tier.name().equals("default") ? "" : " (tier " + tier.name() + ")")
                        + " and no rule allows it");
            }
            lastPassPolicy = passedPolicy;
            lastPassRule = passedRule;
        }
        ResolvedPolicy passPolicy = lastPassPolicy;
        ResolvedRule passRule = lastPassRule;
        return Verdict.allow(() -> what.get() + " passed by " + by(passPolicy, passRule)
                + " past the last tier: Calico's default profile allows it");
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
