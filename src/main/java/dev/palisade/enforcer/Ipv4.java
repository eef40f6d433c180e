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

    /**
     * Parses {@code a.b.c.d} or {@code a.b.c.d/n} strictly, as the kernel's tools read them: four decimal octets of
     * one to three digits each, 0 to 255, without signs or leading zeros (which some tools read as octal), and a
     * prefix length of 0 to 32. {@code what} names the field in the error. Anything else is refused here, before it
     * can reach a set or a rule.
     */
    public static Ipv4 parse(String text, String what) {
        String value = text == null ? "" : text.trim();
        int slash = value.indexOf('/');
        String host = slash < 0 ? value : value.substring(0, slash);
        String[] parts = host.split("\\.", -1);
        if (parts.length == 4) {
            int address = 0;
            boolean valid = true;
            for (String part : parts) {
                int octet = number(part, 255);
                valid &= octet >= 0;
                address = (address << 8) | Math.max(octet, 0);
            }
            int prefix = slash < 0 ? 32 : number(value.substring(slash + 1), 32);
            if (valid && prefix >= 0) {
                return new Ipv4(address, prefix);
            }
        }
        throw new EnforcerException(what + ": \"" + text + "\" is not an IPv4 address or CIDR (like 10.244.1.0/24)");
    }

    /** Parses one host address {@code a.b.c.d} (an explicit {@code /32} is accepted, any other prefix is not). */
    public static Ipv4 parseHost(String text, String what) {
        Ipv4 parsed = parse(text, what);
        if (parsed.prefix != 32) {
            throw new EnforcerException(what + ": \"" + text + "\" is a prefix, not one IPv4 address (like 10.244.1.5)");
        }
        return parsed;
    }

    /** A decimal number of 1 to 3 digits without sign or leading zero, at most {@code max}; -1 when it is not one. */
    private static int number(String text, int max) {
        if (text.isEmpty() || text.length() > 3 || (text.length() > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
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
