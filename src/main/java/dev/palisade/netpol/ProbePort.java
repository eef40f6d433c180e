package dev.palisade.netpol;

import java.util.Locale;

/** A port the matrix probes: number and protocol, written {@code 80/TCP} (protocol defaults to TCP). */
public record ProbePort(int port, Protocol protocol) implements Comparable<ProbePort> {

    /** Parses {@code 80}, {@code 80/TCP}, {@code 53/udp}; throws {@link IllegalArgumentException} saying what is expected. */
    public static ProbePort parse(String text) {
        String[] parts = text.strip().split("/", 2);
        Protocol protocol = parts.length == 2 ? Protocol.parse(parts[1]) : Protocol.TCP;
        int port;
        try {
            port = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535 || protocol == null || protocol == Protocol.ICMP) {
            throw new IllegalArgumentException("\"" + text + "\" is not a port: expected NUMBER[/TCP|UDP|SCTP], e.g. 80/TCP");
        }
        return new ProbePort(port, protocol);
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

    /** {@code 80/TCP}; the text reasons use for a probe. */
    static String describe(int port, Protocol protocol) {
        return port + "/" + protocol.name().toUpperCase(Locale.ROOT);
    }
}
