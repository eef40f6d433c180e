package dev.palisade.enforcer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kernel side of the filter rules: applies a {@link FirewallRuleset} in the order that never opens a gap (new
 * sets, then one atomic iptables-restore of the rules, then removal of the sets no rule names any more), detects
 * drift by comparing what iptables-save shows of the owned chains with what it showed right after the last apply,
 * and uninstalls exactly what it owns.
 */
final class Firewall {
    private static final List<String> BUILT_INS = List.of("INPUT", "FORWARD", "OUTPUT");
    private String appliedFingerprint = "";

    /** Installs the ruleset. On failure the kernel keeps the previous ruleset (the restore is one transaction). */
    void apply(FirewallRuleset desired) {
        Sysctls.apply();
        Snapshot before = snapshot();
        Set<String> existingSets = sets();
        String createSets = IpsetRestoreWriter.create(desired.sets(), existingSets);
        if (!createSets.isEmpty()) {
            SystemTool.run(List.of("ipset", "restore"), createSets);
        }
        Set<String> present = new HashSet<>();
        desired.jumps().forEach((builtin, chain) -> {
            if (chain.equals(before.jumps().get(builtin))) {
                present.add(builtin);
            }
        });
        SystemTool.run(List.of("iptables-restore", "--noflush"),
                IptablesRestoreWriter.write(desired, before.chains(), present));
        Set<String> stale = new TreeSet<>(sets());
        desired.sets().forEach(set -> stale.remove(set.name()));
        if (!stale.isEmpty()) {
            SystemTool.run(List.of("ipset", "restore"), IpsetRestoreWriter.destroy(stale));
        }
        appliedFingerprint = fingerprint();
    }

    /** True when the owned chains, the jumps into them or the sets differ from what the last apply left. */
    boolean drifted() {
        return !fingerprint().equals(appliedFingerprint);
    }

    /** Removes the jumps, the owned chains and the owned sets; leaves every other rule, chain and set alone. */
    void uninstall() {
        Snapshot now = snapshot();
        if (!now.chains().isEmpty() || !now.jumps().isEmpty()) {
            SystemTool.run(List.of("iptables-restore", "--noflush"), IptablesRestoreWriter.uninstall(now.chains(), now.jumps()));
        }
        Set<String> owned = sets();
        if (!owned.isEmpty()) {
            SystemTool.run(List.of("ipset", "restore"), IpsetRestoreWriter.destroy(owned));
        }
        appliedFingerprint = "";
    }

    /** The owned chains and the built-in chains that jump into one of them. */
    record Snapshot(Set<String> chains, Map<String, String> jumps, List<String> lines) {}

    static Snapshot snapshot() {
        String saved = SystemTool.run(List.of("iptables-save", "-t", "filter"), "");
        Set<String> chains = new TreeSet<>();
        Map<String, String> jumps = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (String line : saved.split("\n")) {
            if (line.startsWith(":" + FirewallRuleset.PREFIX)) {
                chains.add(line.substring(1, line.indexOf(' ')));
                lines.add(line.substring(0, line.indexOf(' ')));
            } else if (line.startsWith("-A ")) {
                String[] words = line.split(" ");
                String chain = words[1];
                if (chain.startsWith(FirewallRuleset.PREFIX)) {
                    lines.add(line);
                } else if (BUILT_INS.contains(chain) && words.length == 4 && words[2].equals("-j")
                        && words[3].startsWith(FirewallRuleset.PREFIX)) {
                    jumps.put(chain, words[3]);
                    lines.add(line);
                }
            }
        }
        return new Snapshot(chains, jumps, lines);
    }

    static Set<String> sets() {
        Set<String> owned = new TreeSet<>();
        for (String name : SystemTool.run(List.of("ipset", "list", "-n"), "").split("\n")) {
            if (name.startsWith(IpSet.PREFIX)) {
                owned.add(name.trim());
            }
        }
        return owned;
    }

    private static String fingerprint() {
        return String.join("\n", snapshot().lines()) + "\n--\n" + String.join("\n", sets());
    }
}
