package dev.palisade.admission;

import java.util.Set;

/**
 * Templates whose answer depends on the rest of the cluster, not on the reviewed object: "no NetworkPolicy selects
 * this workload" ({@code netpol-ingress-isolation}) and "this namespace has no default-deny policy"
 * ({@code netpol-namespace-default-deny}). Live, they see the informer caches through {@link ReviewInventory};
 * offline there is no cluster to ask, so their checks are skipped and each response says so, rather than reporting
 * every workload as uncovered.
 */
final class LiveClusterTemplates {
    static final Set<String> NAMES = Set.of("netpol-ingress-isolation", "netpol-namespace-default-deny");

    private LiveClusterTemplates() {}
}
