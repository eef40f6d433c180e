package dev.palisade.netpol;

import java.util.List;

/** A policy that applies to a pod in a direction, with its rules resolved for that pod, in order. */
public record ResolvedPolicy(ModelPolicy policy, String tier, double order, List<ResolvedRule> rules) {
    public ResolvedPolicy {
        rules = List.copyOf(rules);
    }

    public String describe() {
        return policy.describe();
    }
}
