package dev.palisade.netpol;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of IP addresses as sorted, disjoint, inclusive ranges: what the model knows of an address it does not
 * know exactly (a workload template's pods are somewhere in the pod CIDRs), and where a rule's blocks match.
 * IPv4 and IPv6 share one number line: IPv6 addresses are 0 to 2^128 - 1, IPv4 addresses follow them, so
 * {@code ::/0} holds no IPv4 address and {@code 0.0.0.0/0} no IPv6 one. Operations cost O(ranges of both sets).
 */
public final class AddressSet {
    private static final BigInteger V4_BASE = BigInteger.ONE.shiftLeft(128);
    private static final BigInteger MAX = V4_BASE.add(BigInteger.valueOf(0xffffffffL));

    public static final AddressSet EMPTY = new AddressSet(List.of());
    /** Every IPv4 and every IPv6 address. */
    public static final AddressSet EVERYTHING = new AddressSet(List.of(new Range(BigInteger.ZERO, MAX)));

    private record Range(BigInteger first, BigInteger last) {}

    private final List<Range> ranges;

    private AddressSet(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** The addresses of one CIDR; throws {@link IllegalArgumentException} when it does not parse. */
    public static AddressSet cidr(String cidr) {
        IpBlock.Cidr parsed = IpBlock.Cidr.parse(cidr);
        BigInteger size = BigInteger.ONE.shiftLeft(parsed.bits() - parsed.prefix());
        if (parsed.bits() == 32) {
            BigInteger first = V4_BASE.add(parsed.network());
            return new AddressSet(List.of(new Range(first, first.add(size).subtract(BigInteger.ONE))));
        }
        return new AddressSet(List.of(new Range(parsed.network(), parsed.network().add(size).subtract(BigInteger.ONE))));
    }

    /** The addresses an {@link IpBlock} matches: its CIDR without its excepts. */
    public static AddressSet of(IpBlock block) {
        AddressSet set = cidr(block.cidr());
        for (String hole : block.except()) {
            set = set.minus(cidr(hole));
        }
        return set;
    }

    /** The union of several blocks. */
    public static AddressSet of(List<IpBlock> blocks) {
        AddressSet set = EMPTY;
        for (IpBlock block : blocks) {
            set = set.union(of(block));
        }
        return set;
    }

    /** The union of CIDRs. */
    public static AddressSet cidrs(List<String> cidrs) {
        AddressSet set = EMPTY;
        for (String cidr : cidrs) {
            set = set.union(cidr(cidr));
        }
        return set;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean isEverything() {
        return this == EVERYTHING || equals(EVERYTHING);
    }

    /** Whether every address of {@code other} is in this set. */
    public boolean containsAll(AddressSet other) {
        return other.minus(this).isEmpty();
    }

    public boolean contains(String ip) {
        if (this == EVERYTHING) {
            return value(ip) != null;
        }
        BigInteger value = value(ip);
        return value != null && !intersect(new AddressSet(List.of(new Range(value, value)))).isEmpty();
    }

    public AddressSet union(AddressSet other) {
        if (other.isEmpty() || this == EVERYTHING) {
            return this;
        }
        if (isEmpty() || other == EVERYTHING) {
            return other;
        }
        List<Range> all = new ArrayList<>(ranges.size() + other.ranges.size());
        int i = 0;
        int j = 0;
        while (i < ranges.size() || j < other.ranges.size()) {
            Range next = j >= other.ranges.size() || (i < ranges.size() && ranges.get(i).first.compareTo(other.ranges.get(j).first) <= 0)
                    ? ranges.get(i++) : other.ranges.get(j++);
            Range last = all.isEmpty() ? null : all.getLast();
            if (last != null && last.last.add(BigInteger.ONE).compareTo(next.first) >= 0) {
                all.set(all.size() - 1, new Range(last.first, last.last.max(next.last)));
            } else {
                all.add(next);
            }
        }
        return new AddressSet(List.copyOf(all));
    }

    public AddressSet intersect(AddressSet other) {
        if (this == EVERYTHING) {
            return other;
        }
        if (other == EVERYTHING) {
            return this;
        }
        List<Range> common = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < ranges.size() && j < other.ranges.size()) {
            Range a = ranges.get(i);
            Range b = other.ranges.get(j);
            BigInteger first = a.first.max(b.first);
            BigInteger last = a.last.min(b.last);
            if (first.compareTo(last) <= 0) {
                common.add(new Range(first, last));
            }
            if (a.last.compareTo(b.last) < 0) {
                i++;
            } else {
                j++;
            }
        }
        return common.isEmpty() ? EMPTY : new AddressSet(List.copyOf(common));
    }

    public AddressSet minus(AddressSet other) {
        if (other.isEmpty() || isEmpty()) {
            return this;
        }
        if (other == EVERYTHING) {
            return EMPTY;
        }
        List<Range> left = new ArrayList<>();
        int j = 0;
        for (Range range : ranges) {
            BigInteger first = range.first;
            while (j < other.ranges.size() && other.ranges.get(j).last.compareTo(first) < 0) {
                j++;
            }
            int k = j;
            while (first != null && k < other.ranges.size() && other.ranges.get(k).first.compareTo(range.last) <= 0) {
                Range hole = other.ranges.get(k);
                if (hole.first.compareTo(first) > 0) {
                    left.add(new Range(first, hole.first.subtract(BigInteger.ONE)));
                }
                first = hole.last.compareTo(range.last) >= 0 ? null : hole.last.add(BigInteger.ONE);
                k++;
            }
            if (first != null) {
                left.add(new Range(first, range.last));
            }
        }
        return left.isEmpty() ? EMPTY : new AddressSet(List.copyOf(left));
    }

    /** The set as the fewest CIDRs that cover exactly it, IPv4 ones in dotted form. */
    public List<String> toCidrs() {
        List<String> cidrs = new ArrayList<>();
        for (Range range : ranges) {
            BigInteger first = range.first;
            while (first.compareTo(range.last) <= 0) {
                boolean v4 = first.compareTo(V4_BASE) >= 0;
                BigInteger offset = v4 ? first.subtract(V4_BASE) : first;
                int size = offset.signum() == 0 ? (v4 ? 32 : 128) : offset.getLowestSetBit();
                while (size > 0 && first.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(range.last) > 0) {
                    size--;
                }
                cidrs.add(v4 ? ipv4(offset.longValue()) + "/" + (32 - size) : ipv6(offset) + "/" + (128 - size));
                first = first.add(BigInteger.ONE.shiftLeft(size));
            }
        }
        return cidrs;
    }

    private static String ipv4(long value) {
        return (value >> 24 & 255) + "." + (value >> 16 & 255) + "." + (value >> 8 & 255) + "." + (value & 255);
    }

    /** RFC 5952 text: lower-case hex groups, the longest run of two or more zero groups as {@code ::}. */
    private static String ipv6(BigInteger value) {
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            groups[g] = value.shiftRight(16 * (7 - g)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; g++) {
            int length = 0;
            while (g + length < 8 && groups[g + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = g;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                text.append("::");
                g += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[g]));
        }
        return text.toString();
    }

    /** An address as a point of the shared space, or null when the text is no address. */
    private static BigInteger value(String ip) {
        if (ip == null) {
            return null;
        }
        long v4 = IpBlock.Cidr.ipv4(ip);
        if (v4 >= 0) {
            return V4_BASE.add(BigInteger.valueOf(v4));
        }
        IpBlock.Cidr.Address address = IpBlock.Cidr.address(ip);
        return address == null ? null : address.value();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressSet other && other.ranges.equals(ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    /** The CIDRs, at most eight of them, then how many more. */
    @Override
    public String toString() {
        if (isEmpty()) {
            return "no address";
        }
        if (isEverything()) {
            return "every address";
        }
        List<String> cidrs = toCidrs();
        return cidrs.size() <= 8 ? String.join(", ", cidrs) : String.join(", ", cidrs.subList(0, 8)) + " and " + (cidrs.size() - 8) + " more";
    }
}
