package dev.palisade.enforcer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The kernel side of the filter rules: applies a {@link FirewallRuleset} in the order that never opens a gap (sets
 * filled completely before anything names them, then one atomic iptables-restore of the rules, then removal of the
 * sets no rule names any more), detects drift of the owned chains and of the members of the owned sets, repairs it,
 * and uninstalls exactly what it owns. Every method holds the instance's lock: the sync loop and the drift guard
 * share one firewall.
 */
final class Firewall {
    private static final List<String> BUILT_INS = List.of("INPUT", "FORWARD", "OUTPUT");
    private String appliedChains = "";
    /**
     * Set by an apply that rewrote chains: the iptables-save that gives its baseline, started right after the
     * restore on a thread of its own (made by the applying thread, so in the same network namespace) and taken into
     * {@link #appliedChains} by the next chain check or apply, under this lock.
     */
    private PendingBaseline pendingBaseline;

    /** The iptables-save after a restore, running, and what the apply needs to judge it. */
    private record PendingBaseline(FirewallRuleset desired, Snapshot before, Set<String> present,
                                   java.util.concurrent.FutureTask<Snapshot> after) {
        static PendingBaseline start(FirewallRuleset desired, Snapshot before, Set<String> present) {
            java.util.concurrent.FutureTask<Snapshot> save = new java.util.concurrent.FutureTask<>(Firewall::snapshot);
            Thread.ofPlatform().daemon().name("palisade-baseline").start(save);
            return new PendingBaseline(desired, before, present, save);
        }

        /**
         * The fingerprint after the restore, but only if the chains that were not rewritten (and the jumps that were
         * not inserted) are still exactly what the snapshot before showed: an edit by someone else between the
         * snapshot and the restore must not become the baseline. If one happened, or the save failed, the result
         * matches no fingerprint, so the chain check repairs.
         */
        String baseline() {
            Snapshot after;
            try {
                after = this.after.get();
            } catch (java.util.concurrent.ExecutionException e) {
                return "(could not be read after the apply: " + e.getCause().getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "(not read after the apply: interrupted)";
            }
            boolean untouched = desired.chains().stream()
                    .filter(chain -> chain.rules().equals(before.chains().get(chain.name())))
                    .allMatch(chain -> chain.rules().equals(after.chains().get(chain.name())))
                    && present.stream().allMatch(builtin -> desired.jumps().get(builtin).equals(after.jumps().get(builtin)));
            return untouched ? String.join("\n", after.lines()) : "(changed by someone else during the apply)";
        }
    }

    /** Takes the baseline of the last apply once its iptables-save is done. */
    private void settleBaseline() {
        if (pendingBaseline != null) {
            appliedChains = pendingBaseline.baseline();
            pendingBaseline = null;
        }
    }
    private FirewallRuleset applied;
    /** Chains (declared: written or removed) and sets (filled) by the last apply: what a change cost. */
    int lastChainsWritten;
    int lastSetsWritten;
    /** Where the last apply spent its time, in ms per step (for the log line and the benchmark). */
    final Phases lastPhases = new Phases();

    /** Milliseconds per named step of one apply, in order. */
    static final class Phases {
        private final StringBuilder text = new StringBuilder();
        private long mark;

        void start() {
            text.setLength(0);
            mark = System.nanoTime();
        }

        void lap(String step) {
            long now = System.nanoTime();
            text.append(text.isEmpty() ? "" : ", ").append(step).append(' ').append(String.format(java.util.Locale.ROOT, "%.1f", (now - mark) / 1e6));
            mark = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /**
     * The kernel's owned chains ({@code iptables-save}) and sets ({@code ipset save}), each read by a process started
     * on a thread of its own (made by the calling thread, so in the same network namespace), while the caller does
     * something else: the sync compiles meanwhile.
     */
    static final class KernelRead {
        private final java.util.concurrent.FutureTask<Snapshot> chains = new java.util.concurrent.FutureTask<>(Firewall::snapshot);
        private final java.util.concurrent.FutureTask<Map<String, String>> sets = new java.util.concurrent.FutureTask<>(Firewall::setDigests);

        private KernelRead() {
            Thread.ofPlatform().daemon().name("palisade-iptables-save").start(chains);
            Thread.ofPlatform().daemon().name("palisade-ipset-save").start(sets);
        }

        /** Waits for both reads to end, whatever their result: a read that is not applied leaves no process behind. */
        void discard() {
            for (java.util.concurrent.FutureTask<?> task : List.of(chains, sets)) {
                try {
                    joined(task);
                } catch (RuntimeException e) {
                    // Not applied: its failure, like its result, changes nothing.
                }
            }
        }
    }

    /**
     * Starts reading the kernel for an {@link #apply(FirewallRuleset, KernelRead)}. The caller holds this firewall's
     * lock from here until that apply: no drift repair can write between the read and the apply, which is what
     * makes the read as good as one taken at the apply's start (the rules that others may edit meanwhile are the
     * same case as before, an edit between the read and the restore, which the baseline check catches).
     */
    KernelRead startRead() {
        if (!Thread.holdsLock(this)) {
            throw new IllegalStateException("read the kernel for an apply only while holding the firewall's lock");
        }
        settleBaseline(); // never two iptables-save runs of two applies at once
        return new KernelRead();
    }

    /** Reads the kernel, then installs the ruleset (the drift repair's path). */
    synchronized void apply(FirewallRuleset desired) {
        apply(desired, startRead());
    }

    /**
     * Installs the ruleset against the kernel as {@code read} (started under this lock, see {@link #startRead}) found
     * it. On failure the kernel keeps the previous ruleset (the rules are one transaction, and a set is only renamed
     * or swapped into place once it is full) and no temporary set is left behind.
     */
    synchronized void apply(FirewallRuleset desired, KernelRead read) {
        Phases phases = lastPhases;
        phases.start();
        Sysctls.apply();
        phases.lap("sysctls");
        // Both reads finish before anything is written. "kernel-read" is the time still waited for them here.
        Snapshot before = joined(read.chains);
        Map<String, String> kernelSets = joined(read.sets);
        phases.lap("kernel-read");
        String fill = IpsetRestoreWriter.write(desired.sets(), kernelSets);
        phases.lap("fill-diff");
        if (!fill.isEmpty()) {
            try {
                SystemTool.run(List.of("ipset", "restore"), fill);
            } catch (EnforcerException e) {
                destroyTemporarySets();
                throw e;
            }
        }
        phases.lap("ipset-restore");
        Set<String> present = new TreeSet<>();
        desired.jumps().forEach((builtin, chain) -> {
            if (chain.equals(before.jumps().get(builtin))) {
                present.add(builtin);
            }
        });
        String rules = IptablesRestoreWriter.write(desired, before.chains(), present);
        lastChainsWritten = (int) rules.lines().filter(line -> line.startsWith(":")).count();
        lastSetsWritten = (int) fill.lines().filter(line -> line.startsWith("create ")).count();
        boolean rewritten = !rules.equals(IptablesRestoreWriter.NOTHING);
        phases.lap("rules-diff");
        if (rewritten) {
            SystemTool.run(List.of("iptables-restore", "--noflush"), rules);
        }
        phases.lap("iptables-restore");
        // The owned sets now: those read before (temporary ones were destroyed or renamed by the fill) and the new ones.
        Set<String> stale = new TreeSet<>(kernelSets.keySet());
        desired.sets().forEach(set -> stale.remove(set.name()));
        stale.removeIf(name -> name.startsWith(IpSet.TEMPORARY_PREFIX));
        if (!stale.isEmpty()) {
            SystemTool.run(List.of("ipset", "restore"), IpsetRestoreWriter.destroy(stale));
        }
        phases.lap("ipset-destroy");
        applied = desired;
        // Nothing written: the kernel is as the snapshot showed it, no second iptables-save is needed. Otherwise the
        // baseline is what iptables-save shows after the restore (see PendingBaseline): that save starts now, as it
        // did when the apply waited for it, but runs beside the rest of the sync (the flow cut, the overlay)
        // instead of before it.
        if (!rewritten) {
            appliedChains = String.join("\n", before.lines());
        } else {
            pendingBaseline = PendingBaseline.start(desired, before, Set.copyOf(present));
        }
    }

    /**
     * Compares the kernel with the last applied ruleset and repairs what differs: sets whose members differ from
     * what the ruleset says (a digest of the sorted members as {@code ipset save} prints them), missing sets, and
     * the owned chains and jumps as {@code iptables-save} shows them against what it showed right after the last
     * apply. Chains are compared only when {@code checkChains} (they cost an iptables-save of the filter table).
     *
     * @return what differed (empty when nothing did, or nothing was applied yet)
     */
    synchronized List<String> repairDrift(boolean checkChains) {
        if (applied == null) {
            return List.of();
        }
        List<String> drift = new ArrayList<>();
        Map<String, String> kernelSets = setDigests();
        for (IpSet set : applied.sets()) {
            String digest = kernelSets.get(set.name());
            if (digest == null) {
                drift.add("set " + set.name() + " is missing");
            } else if (!digest.equals(set.digest())) {
                drift.add("the members of set " + set.name() + " changed");
            }
        }
        if (checkChains) {
            settleBaseline();
            if (!String.join("\n", snapshot().lines()).equals(appliedChains)) {
                drift.add("the owned chains or the jumps into them changed");
            }
        }
        if (!drift.isEmpty()) {
            apply(applied);
        }
        return drift;
    }

    /** Removes the jumps, the owned chains and the owned sets; leaves every other rule, chain and set alone. */
    synchronized void uninstall() {
        settleBaseline();
        Snapshot now = snapshot();
        if (!now.chains().isEmpty() || !now.jumps().isEmpty()) {
            SystemTool.run(List.of("iptables-restore", "--noflush"), IptablesRestoreWriter.uninstall(now.chains().keySet(), now.jumps()));
        }
        Set<String> owned = sets();
        if (!owned.isEmpty()) {
            SystemTool.run(List.of("ipset", "restore"), IpsetRestoreWriter.destroy(owned));
        }
        applied = null;
        appliedChains = "";
        pendingBaseline = null;
    }

    /** The result of a read started on another thread; its failure is rethrown as it would have been here. */
    private static <T> T joined(java.util.concurrent.FutureTask<T> task) {
        try {
            return task.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new EnforcerException("reading the kernel failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnforcerException("interrupted while reading the kernel", e);
        }
    }

    /** Best effort after a failed restore: the temporary sets it made go, so none outlives the failure. */
    private static void destroyTemporarySets() {
        List<String> temporary = sets().stream().filter(name -> name.startsWith(IpSet.TEMPORARY_PREFIX)).toList();
        if (!temporary.isEmpty()) {
            try {
                SystemTool.run(List.of("ipset", "restore"), IpsetRestoreWriter.destroy(temporary));
            } catch (EnforcerException e) {
                // The next apply destroys them first.
            }
        }
    }

    /** The owned chains with their rules, and the built-in chains that jump into one of them. */
    record Snapshot(Map<String, List<String>> chains, Map<String, String> jumps, List<String> lines) {}

    static Snapshot snapshot() {
        String saved = SystemTool.run(List.of("iptables-save", "-t", "filter"), "");
        Map<String, List<String>> chains = new TreeMap<>();
        Map<String, String> jumps = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (String line : saved.split("\n")) {
            if (line.startsWith(":" + FirewallRuleset.PREFIX)) {
                chains.put(line.substring(1, line.indexOf(' ')), new ArrayList<>());
                lines.add(line.substring(0, line.indexOf(' ')));
            } else if (line.startsWith("-A ")) {
                String[] words = line.split(" ");
                String chain = words[1];
                if (chain.startsWith(FirewallRuleset.PREFIX)) {
                    lines.add(line);
                    chains.computeIfAbsent(chain, name -> new ArrayList<>()).add(line.substring(4 + chain.length()));
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

    /** Every owned set in the kernel with the digest of its members, from one {@code ipset save}. */
    static Map<String, String> setDigests() {
        return digests(SystemTool.run(List.of("ipset", "save"), ""));
    }

    static Map<String, String> digests(String saved) {
        Map<String, List<String>> members = new TreeMap<>();
        for (String line : saved.split("\n")) {
            if (line.startsWith("create " + IpSet.PREFIX)) {
                String name = line.substring(7, line.indexOf(' ', 7));
                members.putIfAbsent(name, new ArrayList<>());
            } else if (line.startsWith("add " + IpSet.PREFIX)) {
                int space = line.indexOf(' ', 4);
                members.computeIfAbsent(line.substring(4, space), name -> new ArrayList<>()).add(line.substring(space + 1).strip());
            }
        }
        Map<String, String> digests = new TreeMap<>();
        members.forEach((name, entries) -> digests.put(name, IpSet.digestOf(entries)));
        return digests;
    }
}
