package dev.palisade.netpol;

import java.util.List;

/**
 * The policies of one tier that apply to a pod in a direction, in evaluation order. When none of their rules
 * decides (Allow, Deny or Pass), the tier's default action applies: Deny (Calico's end-of-tier deny; Kubernetes'
 * isolation) or Pass (on to the next tier: Calico tiers with {@code defaultAction: Pass}).
 */
public record ResolvedTier(String name, double order, List<ResolvedPolicy> policies, RuleAction defaultAction) {
    public ResolvedTier {
        policies = List.copyOf(policies);
        if (defaultAction != RuleAction.DENY && defaultAction != RuleAction.PASS) {
            throw new IllegalArgumentException("a tier's default action is Deny or Pass, not " + defaultAction);
        }
    }

    /** A tier that denies what none of its rules decided. */
    public ResolvedTier(String name, double order, List<ResolvedPolicy> policies) {
        this(name, order, policies, RuleAction.DENY);
    }

    /** Whether what none of its rules decided goes on to the next tier. */
    public boolean passesAtEnd() {
        return defaultAction == RuleAction.PASS;
    }
}
