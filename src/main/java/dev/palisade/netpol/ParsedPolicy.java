package dev.palisade.netpol;

import java.util.List;
import java.util.Optional;

/**
 * A policy as read, with what could not be read. {@code policy} is empty when the policy as a whole is unusable
 * (its own selector is broken); a broken rule or peer is left out of the policy and reported in {@code errors}.
 */
public record ParsedPolicy<T extends ModelPolicy>(Optional<T> policy, List<PolicyError> errors) {
    public ParsedPolicy {
        errors = List.copyOf(errors);
    }
}
