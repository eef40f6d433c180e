package dev.palisade.enforcer;

/**
 * An IPv4 address or prefix, as the enforcer needs them for netlink and rules: {@code 10.244.1.0/24},
 * {@code 192.168.0.2} (a /32). Only IPv4: the overlay and the rules are IPv4 (see docs/enforcer.md).
 */
public record Ipv4(int address, int prefix) {
    public Ipv4 {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length " + prefix + " is not between 0 and 32");
        }
    }

    /** Parses {@code a.b.c.d} or {@code a.b.c.d/n}; {@code what} names the field in the error. */
    public static Ipv4 parse(String text, String what) {
        String value = text == null ? "" : text.trim();
        int slash = value.indexOf('/');
        String host = slash < 0 ? value : value.substring(0, slash);
        String[] parts = host.split("\\.", -1);
        try {
            if (parts.length != 4) {
                throw new NumberFormatException();
            }
            int address = 0;
            for (String part : parts) {
                int octet = Integer.parseInt(part);
                if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3) {
                    throw new NumberFormatException();
                }
                address = (address << 8) | octet;
            }
            int prefix = slash < 0 ? 32 : Integer.parseInt(value.substring(slash + 1));
            return new Ipv4(address, prefix);
        } catch (IllegalArgumentException e) {
            throw new EnforcerException(what + ": \"" + text + "\" is not an IPv4 address or CIDR (like 10.244.1.0/24)");
        }
    }

    public static Ipv4 of(byte[] bytes) {
        return new Ipv4(((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff), 32);
    }

    public byte[] bytes() {
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    /** The network address of this prefix as a /32 (the VTEP address of a node's pod subnet). */
    public Ipv4 network() {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return new Ipv4(address & mask, 32);
    }

    public Ipv4 networkPrefix() {
        return new Ipv4(network().address, prefix);
    }

    public boolean contains(Ipv4 other) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return other.prefix >= prefix && (other.address & mask) == (address & mask);
    }

    public String host() {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    @Override
    public String toString() {
        return prefix == 32 ? host() : host() + "/" + prefix;
    }
}
