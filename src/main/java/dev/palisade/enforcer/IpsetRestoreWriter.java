package dev.palisade.enforcer;

import java.util.Collection;
import java.util.Set;

/**
 * Renders the input of one {@code ipset restore} that creates the sets a ruleset names and does not exist yet
 * (sets are named by content, see {@link IpSet}, so an existing set already holds the right members). Run before the
 * rules that use them are applied; {@link #destroy} runs after the rules stopped naming the old ones.
 */
public final class IpsetRestoreWriter {
    private IpsetRestoreWriter() {
    }

    public static String create(Collection<IpSet> sets, Set<String> existing) {
        StringBuilder out = new StringBuilder();
        for (IpSet set : sets) {
            if (existing.contains(set.name())) {
                continue;
            }
            out.append("create ").append(set.name()).append(" hash:net family inet hashsize 64 maxelem ")
                    .append(Math.max(65536, set.entries().size() * 2)).append('\n');
            for (String entry : set.entries()) {
                out.append("add ").append(set.name()).append(' ').append(entry).append('\n');
            }
        }
        return out.toString();
    }

    public static String destroy(Collection<String> names) {
        StringBuilder out = new StringBuilder();
        names.stream().sorted().forEach(name -> out.append("destroy ").append(name).append('\n'));
        return out.toString();
    }
}
