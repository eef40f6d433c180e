package dev.palisade.enforcer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders a {@link FirewallRuleset} as the input of one {@code iptables-restore --noflush} for the filter table,
 * which the kernel commits as one transaction: either all of it or none. Declaring a chain ({@code :NAME - [0:0]})
 * flushes it inside that transaction, so each owned chain that differs from the kernel's is rewritten whole (and one
 * that is already exactly right is left out of the input); chains the enforcer owned before and no
 * longer wants are flushed and deleted in the same commit; a jump from a built-in chain is inserted only when it is
 * missing, so that repeated applies never stack jumps. Nothing outside the enforcer's own chains is written.
 */
public final class IptablesRestoreWriter {
    /** The input when the kernel already holds every chain and jump as desired: no restore is needed. */
    static final String NOTHING = "*filter\nCOMMIT\n";

    private IptablesRestoreWriter() {
    }

    /** Writes every desired chain (nothing known of the kernel's content). */
    public static String write(FirewallRuleset desired, Set<String> existingChains, Set<String> presentJumps) {
        Map<String, List<String>> existing = new TreeMap<>();
        existingChains.forEach(chain -> existing.put(chain, null));
        return write(desired, existing, presentJumps);
    }

    /**
     * @param desired        the ruleset to install
     * @param existingChains the enforcer's chains now in the kernel with their rules as iptables-save prints them
     *                       (without {@code -A NAME }); a chain whose rules are already exactly the desired ones is not
     *                       written at all, so a small change rewrites only the chains it touches
     * @param presentJumps   the built-in chains that already jump into the enforcer's chain they should
     */
    public static String write(FirewallRuleset desired, Map<String, List<String>> existingChains, Set<String> presentJumps) {
        StringBuilder out = new StringBuilder("*filter\n");
        Set<String> wanted = new TreeSet<>();
        desired.chains().forEach(chain -> wanted.add(chain.name()));
        Set<String> stale = new TreeSet<>(existingChains.keySet());
        stale.removeAll(wanted);
        List<FirewallRuleset.Chain> changed = desired.chains().stream()
                .filter(chain -> !chain.rules().equals(existingChains.get(chain.name()))).toList();
        for (FirewallRuleset.Chain chain : changed) {
            out.append(':').append(chain.name()).append(" - [0:0]\n");
        }
        for (String chain : stale) {
            out.append(':').append(chain).append(" - [0:0]\n");
        }
        for (FirewallRuleset.Chain chain : changed) {
            for (String rule : chain.rules()) {
                out.append("-A ").append(chain.name()).append(' ').append(rule).append('\n');
            }
        }
        for (Map.Entry<String, String> jump : desired.jumps().entrySet()) {
            if (!presentJumps.contains(jump.getKey())) {
                out.append("-I ").append(jump.getKey()).append(" 1 -j ").append(jump.getValue()).append('\n');
            }
        }
        for (String chain : stale) {
            out.append("-X ").append(chain).append('\n');
        }
        return out.append("COMMIT\n").toString();
    }

    /** The input that removes every chain the enforcer owns and the jumps into them, and nothing else. */
    public static String uninstall(Set<String> existingChains, Map<String, String> presentJumps) {
        StringBuilder out = new StringBuilder("*filter\n");
        for (String chain : existingChains) {
            out.append(':').append(chain).append(" - [0:0]\n");
        }
        presentJumps.forEach((builtin, chain) -> out.append("-D ").append(builtin).append(" -j ").append(chain).append('\n'));
        for (String chain : existingChains) {
            out.append("-X ").append(chain).append('\n');
        }
        return out.append("COMMIT\n").toString();
    }
}
