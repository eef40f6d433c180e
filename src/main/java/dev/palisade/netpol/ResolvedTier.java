package dev.palisade.netpol;

import java.util.List;

/**
 * The policies of one tier that apply to a pod in a direction, in evaluation order. When none of their rules
 * decides (Allow, Deny or Pass), the packet is denied at the end of the tier.
 */
public record ResolvedTier(String name, double order, List<ResolvedPolicy> policies) {
    public ResolvedTier {
        policies = List.copyOf(policies);
    }
}
