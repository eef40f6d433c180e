package dev.palisade.netpol;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Whether a connection (or one direction of it) is allowed, and why: the policy and rule that allowed or denied
 * it, the policies that isolated the pod without allowing it, or that no policy applies. A third answer,
 * {@link #depends()}, is for a peer whose address the model does not know (a workload's pod template) when the
 * answer differs between addresses it may have: then {@link #allowed()} and {@link #denied()} are both false. The
 * reason is composed only when asked for, so that a matrix of a million cells does not build a million sentences
 * it never prints.
 */
public final class Verdict {
    private final boolean allowed;
    private final boolean depends;
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
        this(allowed, false, because, policy, rule);
    }

    private Verdict(boolean allowed, boolean depends, Supplier<String> because, ModelPolicy policy, int rule) {
        this.allowed = allowed;
        this.depends = depends;
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

    /** Allowed, whatever address an unknown peer has. */
    public boolean allowed() {
        return allowed;
    }

    /** Denied, whatever address an unknown peer has. */
    public boolean denied() {
        return !allowed && !depends;
    }

    /** Allowed for some addresses the peer may have and denied for others; the reason says which. */
    public boolean depends() {
        return depends;
    }

    static Verdict depends(Supplier<String> reason) {
        return new Verdict(false, true, reason, null, -1);
    }

    /** ALLOWED, DENIED or DEPENDS, for people. */
    public String word() {
        return allowed ? "ALLOWED" : depends ? "DEPENDS ON THE ADDRESS" : "DENIED";
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
        return o instanceof Verdict other && other.allowed == allowed && other.depends == depends && other.rule == rule
                && Objects.equals(other.policy, policy) && other.reason().equals(reason());
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowed, rule, reason());
    }

    @Override
    public String toString() {
        return (allowed ? "allowed: " : depends ? "depends on the address: " : "denied: ") + reason();
    }
}
