package dev.palisade.netpol;

/**
 * One port of a rule: a protocol (null: every protocol, Calico rules without {@code protocol}) and either every
 * port ({@code 0..65535} and no name), one port or a range {@code port..endPort}, or a named port resolved on a
 * pod's container ports by name and protocol. For ICMP the numbers are {@code type * 256 + code}
 * ({@link Protocol#icmp}).
 */
public record NetworkPolicyPort(Protocol protocol, int port, int endPort, String name) {

    public static NetworkPolicyPort all(Protocol protocol) {
        return new NetworkPolicyPort(protocol, 0, 65535, null);
    }

    public static NetworkPolicyPort range(Protocol protocol, int port, int endPort) {
        return new NetworkPolicyPort(protocol, port, endPort, null);
    }

    public static NetworkPolicyPort named(Protocol protocol, String name) {
        return new NetworkPolicyPort(protocol, 0, 0, name);
    }

    public boolean isNamed() {
        return name != null;
    }

    public boolean isAllPorts() {
        return name == null && port == 0 && endPort == 65535;
    }

    @Override
    public String toString() {
        String proto = protocol == null ? "any protocol" : protocol.apiName();
        if (isNamed()) {
            return name + "/" + proto;
        }
        if (isAllPorts()) {
            return "all ports/" + proto;
        }
        if (protocol != null && !protocol.hasPorts()) {
            return proto + " " + PortMatch.icmpRange(port, endPort);
        }
        return (endPort > port ? port + "-" + endPort : String.valueOf(port)) + "/" + proto;
    }
}
