package dev.palisade.netpol;

import java.util.Locale;

/**
 * The protocols a policy port names. Kubernetes allows TCP, UDP and SCTP (TCP when unset); Calico also names
 * ICMP and ICMPv6, which have no ports: their "port" in the model is {@code type * 256 + code}
 * ({@link #icmp}), so that a rule's {@code icmp: {type, code}} is a range like a port range.
 */
public enum Protocol {
    TCP, UDP, SCTP, ICMP, ICMPV6;

    /** The protocol of an API spelling ({@code TCP}, {@code udp}, Calico's numbers 6, 17, 132, 1), or null. */
    public static Protocol parse(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.strip().toUpperCase(Locale.ROOT)) {
            case "TCP", "6" -> TCP;
            case "UDP", "17" -> UDP;
            case "SCTP", "132" -> SCTP;
            case "ICMP", "1" -> ICMP;
            case "ICMPV6", "58" -> ICMPV6;
            default -> null;
        };
    }

    public boolean hasPorts() {
        return this != ICMP && this != ICMPV6;
    }

    /** The model's "port" of an ICMP message: {@code type * 256 + code}. */
    public static int icmp(int type, int code) {
        return type * 256 + code;
    }

    /** The API spelling: {@code TCP}, ..., {@code ICMPv6}. */
    public String apiName() {
        return this == ICMPV6 ? "ICMPv6" : name();
    }
}
