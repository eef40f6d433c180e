package dev.palisade.netpol;

import java.util.ArrayList;
import java.util.List;

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
        String what = direction.lower() + (direction == Direction.INGRESS ? " from " : " to ") + peer + " on " + port
                + "/" + protocol;
        if (tiers.isEmpty()) {
            return Verdict.allow(pod.key() + " is not isolated for " + direction.lower() + " (no policy selects it)");
        }
        String lastPass = null;
        for (ResolvedTier tier : tiers) {
            String passedBy = null;
            evaluation:
            for (ResolvedPolicy policy : tier.policies()) {
                for (ResolvedRule rule : policy.rules()) {
                    boolean match = peer.isPod() ? rule.matchesPod(peer.pod(), protocol, port)
                            : rule.matchesAddress(peer.ip(), protocol, port);
                    if (!match) {
                        continue;
                    }
                    String by = policy.describe() + " " + rule.description();
                    switch (rule.action()) {
                        case LOG -> { }
                        case ALLOW -> {
                            return new Verdict(true, what + " allowed by " + by, policy.policy(), rule.source().index());
                        }
                        case DENY -> {
                            return new Verdict(false, what + " denied by " + by, policy.policy(), rule.source().index());
                        }
                        case PASS -> {
                            passedBy = by;
                            break evaluation;
                        }
                    }
                }
            }
            if (passedBy == null) {
                List<String> names = tier.policies().stream().map(ResolvedPolicy::describe).toList();
                return Verdict.deny(what + " denied: " + pod.key() + " is isolated for " + direction.lower() + " by "
                        + String.join(", ", names) + (tier.name().equals("default") ? "" : " (tier " + tier.name() + ")")
                        + " and no rule allows it");
            }
            lastPass = passedBy;
        }
        return Verdict.allow(what + " passed by " + lastPass + " past the last tier: Calico's default profile allows it");
    }
}
