package dev.palisade.netpol;

import java.util.Locale;

/**
 * A port the matrix probes: number and protocol, written {@code 80/TCP} (protocol defaults to TCP), or an ICMP
 * message written {@code ICMP} (echo request, type 8), {@code ICMP:TYPE} or {@code ICMP:TYPE:CODE}, and likewise
 * {@code ICMPv6} (echo request, type 128). For ICMP {@code port} holds {@code type * 256 + code}.
 */
public record ProbePort(int port, Protocol protocol) implements Comparable<ProbePort> {

    /** Parses {@code 80}, {@code 80/TCP}, {@code 53/udp}, {@code icmp:8:0}; throws {@link IllegalArgumentException} saying what is expected. */
    public static ProbePort parse(String text) {
        String trimmed = text.strip();
        String[] icmp = trimmed.split(":", -1);
        Protocol icmpProtocol = Protocol.parse(icmp[0]);
        if (icmpProtocol != null && !icmpProtocol.hasPorts() && icmp.length <= 3) {
            int type = icmp.length > 1 ? number(icmp[1]) : icmpProtocol == Protocol.ICMP ? 8 : 128;
            int code = icmp.length > 2 ? number(icmp[2]) : 0;
            if (type >= 0 && type <= 255 && code >= 0 && code <= 255) {
                return new ProbePort(Protocol.icmp(type, code), icmpProtocol);
            }
        }
        String[] parts = trimmed.split("/", 2);
        Protocol protocol = parts.length == 2 ? Protocol.parse(parts[1]) : Protocol.TCP;
        int port = number(parts[0]);
        if (port < 1 || port > 65535 || protocol == null || !protocol.hasPorts()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a port: expected NUMBER[/TCP|UDP|SCTP], e.g. 80/TCP,"
                    + " or ICMP[:TYPE[:CODE]], ICMPv6[:TYPE[:CODE]]");
        }
        return new ProbePort(port, protocol);
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public int compareTo(ProbePort other) {
        int byPort = Integer.compare(port, other.port);
        return byPort != 0 ? byPort : protocol.compareTo(other.protocol);
    }

    @Override
    public String toString() {
        return describe(port, protocol);
    }

    /** {@code 80/TCP}, {@code ICMP:8:0}: the text reasons use for a probe (and that {@link #parse} reads back). */
    static String describe(int port, Protocol protocol) {
        if (!protocol.hasPorts()) {
            return protocol.apiName() + ":" + port / 256 + ":" + port % 256;
        }
        return port + "/" + protocol.name().toUpperCase(Locale.ROOT);
    }
}
