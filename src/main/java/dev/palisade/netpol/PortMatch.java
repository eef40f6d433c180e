package dev.palisade.netpol;

/**
 * A resolved destination port match: a protocol (null: every protocol) and an inclusive port range. Named ports
 * are already resolved to numbers here. {@code 0..65535} means every port of the protocol.
 */
public record PortMatch(Protocol protocol, int from, int to) {

    /** Every protocol, every port: a rule without ports (and, for Calico, without protocol). */
    public static final PortMatch ANY = new PortMatch(null, 0, 65535);

    public static PortMatch all(Protocol protocol) {
        return new PortMatch(protocol, 0, 65535);
    }

    public static PortMatch of(Protocol protocol, int port) {
        return new PortMatch(protocol, port, port);
    }

    public boolean isAllPorts() {
        return from == 0 && to == 65535;
    }

    public boolean matches(Protocol packetProtocol, int port) {
        return (protocol == null || protocol == packetProtocol) && (isAllPorts() || (port >= from && port <= to));
    }

    @Override
    public String toString() {
        String proto = protocol == null ? "any" : protocol.apiName();
        if (isAllPorts()) {
            return "*/" + proto;
        }
        if (protocol != null && !protocol.hasPorts()) {
            return proto + " " + icmpRange(from, to);
        }
        return (from == to ? String.valueOf(from) : from + "-" + to) + "/" + proto;
    }

    /** {@code type 8}, {@code type 8 code 0}, or the numbers as types and codes. */
    static String icmpRange(int from, int to) {
        if (from % 256 == 0 && to == from + 255) {
            return "type " + from / 256;
        }
        String first = "type " + from / 256 + " code " + from % 256;
        return from == to ? first : first + " to type " + to / 256 + " code " + to % 256;
    }
}
