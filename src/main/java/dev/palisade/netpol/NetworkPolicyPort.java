package dev.palisade.netpol;

/**
 * One port of a rule: a protocol (null: every protocol, Calico rules without {@code protocol}) and either every
 * port ({@code port == 0} and no name), one port or a range {@code port..endPort}, or a named port resolved on a
 * pod's container ports by name and protocol.
 */
public record NetworkPolicyPort(Protocol protocol, int port, int endPort, String name) {

    public static NetworkPolicyPort all(Protocol protocol) {
        return new NetworkPolicyPort(protocol, 0, 0, null);
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
        return name == null && port == 0;
    }

    @Override
    public String toString() {
        String proto = protocol == null ? "any protocol" : protocol.name();
        if (isNamed()) {
            return name + "/" + proto;
        }
        if (isAllPorts()) {
            return "all ports/" + proto;
        }
        return (endPort > port ? port + "-" + endPort : String.valueOf(port)) + "/" + proto;
    }
}
