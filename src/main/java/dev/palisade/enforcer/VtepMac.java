package dev.palisade.enforcer;

import java.util.HexFormat;

/**
 * The MAC of a node's VXLAN device, derived from its InternalIP as OVN-Kubernetes derives MACs from IPs:
 * {@code 0a:58} (locally administered, unicast) followed by the four address bytes. It survives restarts, and every
 * enforcer computes its peers' MACs from the Node objects alone, with no annotations to write and nothing to agree on.
 */
public final class VtepMac {
    private VtepMac() {
    }

    public static byte[] of(Ipv4 internalIp) {
        byte[] address = internalIp.bytes();
        return new byte[] {0x0a, 0x58, address[0], address[1], address[2], address[3]};
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}; null stays null. */
    public static byte[] parse(String mac) {
        return mac == null ? null : HexFormat.ofDelimiter(":").parseHex(mac);
    }

    public static String format(byte[] mac) {
        if (mac == null) {
            return null;
        }
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }
}
