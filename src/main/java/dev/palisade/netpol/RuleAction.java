package dev.palisade.netpol;

/**
 * What a matching rule does. Kubernetes rules are always ALLOW. Calico: "Allow" and "Deny" end evaluation,
 * "Log" logs and continues with the next rule, "Pass" skips the rest of the tier.
 */
public enum RuleAction {
    ALLOW, DENY, LOG, PASS;

    public static RuleAction parse(String text) {
        return switch (text == null ? "" : text) {
            case "Allow" -> ALLOW;
            case "Deny" -> DENY;
            case "Log" -> LOG;
            case "Pass" -> PASS;
            default -> null;
        };
    }
}
