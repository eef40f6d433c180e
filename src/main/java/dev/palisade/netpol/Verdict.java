package dev.palisade.netpol;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Whether a connection (or one direction of it) is allowed, and why: the policy and rule that allowed or denied
 * it, the policies that isolated the pod without allowing it, or that no policy applies. The reason is composed
 * only when asked for, so that a matrix of a million cells does not build a million sentences it never prints.
 */
public final class Verdict {
    private final boolean allowed;
    private final Supplier<String> because;
    private final ModelPolicy policy;
    private final int rule;
    private String reason;

    /**
     * @param policy the deciding policy, or null (not isolated, end of tier, own node)
     * @param rule   the deciding rule's index in its direction, or -1
     */
    public Verdict(boolean allowed, String reason, ModelPolicy policy, int rule) {
        this(allowed, () -> reason, policy, rule);
    }

    Verdict(boolean allowed, Supplier<String> because, ModelPolicy policy, int rule) {
        this.allowed = allowed;
        this.because = because;
        this.policy = policy;
        this.rule = rule;
    }

    static Verdict allow(Supplier<String> reason) {
        return new Verdict(true, reason, null, -1);
    }

    static Verdict deny(Supplier<String> reason) {
        return new Verdict(false, reason, null, -1);
    }

    public boolean allowed() {
        return allowed;
    }

    public String reason() {
        if (reason == null) {
            reason = because.get();
        }
        return reason;
    }

    public ModelPolicy policy() {
        return policy;
    }

    public int rule() {
        return rule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Verdict other && other.allowed == allowed && other.rule == rule
                && Objects.equals(other.policy, policy) && other.reason().equals(reason());
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowed, rule, reason());
    }

    @Override
    public String toString() {
        return (allowed ? "allowed: " : "denied: ") + reason();
    }
}
