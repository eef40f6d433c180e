package dev.palisade.netpol;

import java.util.Locale;

/**
 * The protocols a policy port names. Kubernetes allows TCP, UDP and SCTP (TCP when unset); Calico also names
 * ICMP, which has no ports.
 */
public enum Protocol {
    TCP, UDP, SCTP, ICMP;

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
            default -> null;
        };
    }

    public boolean hasPorts() {
        return this != ICMP;
    }
}
