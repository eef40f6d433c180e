package dev.palisade.netpol;

import java.util.List;

/**
 * A rule resolved for one pod and direction: it matches a packet when any of its {@code matches} does. An empty
 * list never matches (e.g. a named port the pod does not expose, or a Calico rule whose own-side constraint
 * excludes this pod); such rules are kept so that indices and reasons stay those of the policy.
 */
public record ResolvedRule(RuleAction action, List<RuleMatch> matches, PolicyRule source, String description) {
    public ResolvedRule {
        matches = List.copyOf(matches);
    }

    public boolean matchesPod(PodEndpoint peer, Protocol protocol, int port) {
        for (RuleMatch match : matches) {
            if (match.port().matches(protocol, port) && match.peers().matchesPod(peer)) {
                return true;
            }
        }
        return false;
    }

    /** The addresses at which a pod without an IP (a template) would match on this port. */
    public AddressSet addressesOf(PodEndpoint template, Protocol protocol, int port) {
        AddressSet where = AddressSet.EMPTY;
        for (RuleMatch match : matches) {
            if (match.port().matches(protocol, port)) {
                where = where.union(match.peers().addressesOf(template));
                if (where.isEverything()) {
                    return where;
                }
            }
        }
        return where;
    }

    public boolean matchesAddress(String ip, Protocol protocol, int port) {
        for (RuleMatch match : matches) {
            if (match.port().matches(protocol, port) && match.peers().matchesAddress(ip)) {
                return true;
            }
        }
        return false;
    }
}
