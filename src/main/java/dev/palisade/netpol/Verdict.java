package dev.palisade.netpol;

/**
 * Whether a connection (or one direction of it) is allowed, and why: the policy and rule that allowed or denied
 * it, the policies that isolated the pod without allowing it, or that no policy applies.
 *
 * @param policy the deciding policy, or null (not isolated, end of tier, own node)
 * @param rule   the deciding rule's index in its direction, or -1
 */
public record Verdict(boolean allowed, String reason, ModelPolicy policy, int rule) {

    static Verdict allow(String reason) {
        return new Verdict(true, reason, null, -1);
    }

    static Verdict deny(String reason) {
        return new Verdict(false, reason, null, -1);
    }
}
