package dev.palisade.netpol;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A CIDR with the CIDRs carved out of it: Kubernetes' {@code ipBlock} ({@code cidr} plus {@code except}) and
 * Calico's {@code nets}. An address matches when it is in {@code cidr} and in none of {@code except}.
 */
public final class IpBlock {
    private final String cidr;
    private final List<String> except;
    private final Cidr parsed;
    private final List<Cidr> holes;

    /** Throws {@link IllegalArgumentException} with the offending text when a CIDR does not parse. */
    public IpBlock(String cidr, List<String> except) {
        this.cidr = cidr;
        this.except = List.copyOf(except);
        this.parsed = Cidr.parse(cidr);
        this.holes = this.except.stream().map(Cidr::parse).toList();
    }

    public String cidr() {
        return cidr;
    }

    public List<String> except() {
        return except;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpBlock other && other.cidr.equals(cidr) && other.except.equals(except);
    }

    @Override
    public int hashCode() {
        return cidr.hashCode() * 31 + except.hashCode();
    }

    public static IpBlock of(String cidr) {
        return new IpBlock(cidr, List.of());
    }

    public boolean contains(String ip) {
        if (ip == null || !parsed.contains(ip)) {
            return false;
        }
        for (Cidr hole : holes) {
            if (hole.contains(ip)) {
                return false;
            }
        }
        return true;
    }

    /** True for {@code 0.0.0.0/0} or {@code ::/0} without excepts: every address of that family. */
    public boolean isEverything() {
        return except.isEmpty() && parsed.prefix == 0;
    }

    @Override
    public String toString() {
        return except.isEmpty() ? cidr : cidr + " except " + String.join(",", except);
    }

    /**
     * A parsed CIDR; the parse of the textual form only (no name lookups: only literals are accepted). IPv4 is
     * matched on a {@code long} without allocating, since a matrix asks millions of times.
     */
    record Cidr(BigInteger network, int prefix, int bits) {

        record Address(BigInteger value, int bits) {}

        static Cidr parse(String text) {
            if (text == null) {
                throw new IllegalArgumentException("a CIDR is required");
            }
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("\"" + text + "\" is not a CIDR (expected address/prefix, e.g. 10.0.0.0/16)");
            }
            Address address = address(text.substring(0, slash));
            int prefix;
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (address == null || prefix < 0 || prefix > address.bits()) {
                throw new IllegalArgumentException("\"" + text + "\" is not a CIDR (expected address/prefix, e.g. 10.0.0.0/16)");
            }
            BigInteger mask = mask(prefix, address.bits());
            return new Cidr(address.value().and(mask), prefix, address.bits());
        }

        boolean contains(String ip) {
            if (bits == 32) {
                long value = ipv4(ip);
                if (value >= 0) {
                    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
                    return (value & mask) == network.longValue();
                }
            }
            Address address = address(ip);
            return address != null && address.bits() == bits && address.value().and(mask(prefix, bits)).equals(network);
        }

        /** A dotted-quad IPv4 address as an unsigned value, or -1 when the text is not one. */
        static long ipv4(String text) {
            long value = 0;
            int octet = -1;
            int dots = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
                    if (octet > 255) {
                        return -1;
                    }
                } else if (c == '.' && octet >= 0 && dots < 3) {
                    value = (value << 8) | octet;
                    octet = -1;
                    dots++;
                } else {
                    return -1;
                }
            }
            return dots == 3 && octet >= 0 ? (value << 8) | octet : -1;
        }

        static Address address(String text) {
            if (text == null || text.isEmpty() || !text.matches("[0-9A-Fa-f:.]+")) {
                return null;
            }
            long v4 = ipv4(text);
            if (v4 >= 0) {
                return new Address(BigInteger.valueOf(v4), 32);
            }
            if (text.indexOf(':') < 0) {
                return null;
            }
            try {
                byte[] bytes = InetAddress.getByName(text).getAddress();
                return new Address(new BigInteger(1, bytes), bytes.length * 8);
            } catch (UnknownHostException e) {
                return null;
            }
        }

        private static BigInteger mask(int prefix, int bits) {
            return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        }
    }
}
