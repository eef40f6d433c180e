package dev.palisade.netpol;

/** A port a container declares: named ports in policies resolve against these. {@code name} is "" when unnamed. */
public record ContainerPort(String name, int port, Protocol protocol) {
    public ContainerPort {
        name = name == null ? "" : name;
        protocol = protocol == null ? Protocol.TCP : protocol;
    }
}
