package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IptablesRestoreWriterTest {
    private static final FirewallRuleset RULESET = new FirewallRuleset(
            List.of(new FirewallRuleset.Chain("PALISADE-FORWARD", List.of("-j PALISADE-X")),
                    new FirewallRuleset.Chain("PALISADE-X", List.of("-j DROP"))),
            new LinkedHashMap<>(Map.of("FORWARD", "PALISADE-FORWARD")), List.of());

    @Test
    void firstInstallDeclaresChainsAddsRulesAndInsertsTheJump() {
        assertEquals("""
                *filter
                :PALISADE-FORWARD - [0:0]
                :PALISADE-X - [0:0]
                -A PALISADE-FORWARD -j PALISADE-X
                -A PALISADE-X -j DROP
                -I FORWARD 1 -j PALISADE-FORWARD
                COMMIT
                """, IptablesRestoreWriter.write(RULESET, Set.of(), Set.of()));
    }

    @Test
    void laterAppliesKeepTheJumpAndDeleteChainsNoLongerWantedInTheSameCommit() {
        assertEquals("""
                *filter
                :PALISADE-FORWARD - [0:0]
                :PALISADE-X - [0:0]
                :PALISADE-OLD - [0:0]
                -A PALISADE-FORWARD -j PALISADE-X
                -A PALISADE-X -j DROP
                -X PALISADE-OLD
                COMMIT
                """, IptablesRestoreWriter.write(RULESET, Set.of("PALISADE-FORWARD", "PALISADE-OLD"), Set.of("FORWARD")));
    }

    @Test
    void uninstallRemovesJumpsThenOwnedChainsOnly() {
        assertEquals("""
                *filter
                :PALISADE-FORWARD - [0:0]
                -D FORWARD -j PALISADE-FORWARD
                -X PALISADE-FORWARD
                COMMIT
                """, IptablesRestoreWriter.uninstall(Set.of("PALISADE-FORWARD"), Map.of("FORWARD", "PALISADE-FORWARD")));
    }

    @Test
    void setsAreNamedByContentSoAMembershipChangeIsANewSet() {
        IpSet one = IpSet.of(List.of("10.0.0.2/32", "10.0.0.1/32"));
        IpSet same = IpSet.of(List.of("10.0.0.1/32", "10.0.0.2/32", "10.0.0.1/32"));
        IpSet other = IpSet.of(List.of("10.0.0.1/32"));
        assertEquals(one, same);
        assertEquals(false, one.name().equals(other.name()));
    }

    @Test
    void aSetIsFilledUnderATemporaryNameAndRenamedOnlyWhenComplete() {
        IpSet set = IpSet.of(List.of("10.0.0.1/32", "10.1.0.0/16", "10.1.2.3/32 nomatch"));
        String temporary = IpSet.TEMPORARY_PREFIX + set.name().substring(IpSet.PREFIX.length());
        assertEquals("create " + temporary + " hash:net family inet hashsize 64 maxelem 65536\n"
                + "add " + temporary + " 10.0.0.1/32\nadd " + temporary + " 10.1.0.0/16\nadd " + temporary + " 10.1.2.3/32 nomatch\n"
                + "rename " + temporary + " " + set.name() + "\n", IpsetRestoreWriter.write(List.of(set), Map.of()));
    }

    @Test
    void theKernelsMembersAreComparedInTheFormTheyAreWritten() {
        IpSet set = IpSet.of(List.of("10.0.0.1/32", "10.1.0.0/16", "10.1.2.3/32 nomatch", "10.2.0.0/24 nomatch"));
        for (String entry : set.entries()) {
            assertEquals(entry, IpSet.asWritten(IpSet.asSaved(entry)));
        }
        // As ipset save prints them, in its own order: the same digest as the set's, which is its name's hash.
        assertEquals(set.digest(), IpSet.digestOf(List.of("10.2.0.0/24 nomatch", "10.1.2.3 nomatch", "10.1.0.0/16", "10.0.0.1")));
        assertEquals(set.name(), IpSet.PREFIX + set.digest());
        // One member more, one less, a hole that is no longer a hole, a /32 that became a block: a different digest.
        for (List<String> wrong : List.of(
                List.of("10.2.0.0/24 nomatch", "10.1.2.3 nomatch", "10.1.0.0/16", "10.0.0.1", "10.9.9.9"),
                List.of("10.2.0.0/24 nomatch", "10.1.2.3 nomatch", "10.1.0.0/16"),
                List.of("10.2.0.0/24 nomatch", "10.1.2.3", "10.1.0.0/16", "10.0.0.1"),
                List.of("10.2.0.0/24 nomatch", "10.1.2.3 nomatch", "10.1.0.0/16", "10.0.0.1/31"))) {
            assertEquals(false, set.digest().equals(IpSet.digestOf(wrong)), wrong.toString());
        }
    }

    @Test
    void aLargeSetIsCreatedWithAHashTableForAllItsMembers() {
        // Small sets keep ipset's minimum; a large one starts with a table for all its members, so the kernel does
        // not rehash it while the restore fills it (the members are the same either way).
        assertEquals(64, IpsetRestoreWriter.hashSize(0));
        assertEquals(64, IpsetRestoreWriter.hashSize(64));
        assertEquals(128, IpsetRestoreWriter.hashSize(65));
        assertEquals(1024, IpsetRestoreWriter.hashSize(1000));
        assertEquals(16384, IpsetRestoreWriter.hashSize(10_001));
        List<String> members = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "10.1." + i / 250 + "." + i % 250 + "/32").toList();
        IpSet set = IpSet.of(members);
        String restore = IpsetRestoreWriter.write(List.of(set), Map.of());
        assertEquals("create " + set.temporaryName() + " hash:net family inet hashsize 1024 maxelem 65536",
                restore.lines().findFirst().orElseThrow());
        assertEquals(1000, restore.lines().filter(line -> line.startsWith("add ")).count());
    }

    @Test
    void aSetsNameIsNoProofOfItsMembers() {
        IpSet set = IpSet.of(List.of("10.0.0.1/32", "10.0.0.2/32"));
        String temporary = set.temporaryName();
        // The kernel holds the same members (as ipset save prints them, in its own order): nothing to write.
        String saved = "create " + set.name() + " hash:net family inet hashsize 64 maxelem 65536 bucketsize 12 initval 0x1\n"
                + "add " + set.name() + " 10.0.0.2\nadd " + set.name() + " 10.0.0.1\n";
        assertEquals("", IpsetRestoreWriter.write(List.of(set), Firewall.digests(saved)));
        // One member missing (a restore that stopped half-way) or one added by someone else: refilled and swapped in.
        for (String wrong : List.of("add " + set.name() + " 10.0.0.1\n", saved + "add " + set.name() + " 10.9.9.9\n")) {
            String kernel = "create " + set.name() + " hash:net family inet hashsize 64 maxelem 65536\n" + wrong;
            assertEquals("create " + temporary + " hash:net family inet hashsize 64 maxelem 65536\n"
                    + "add " + temporary + " 10.0.0.1/32\nadd " + temporary + " 10.0.0.2/32\n"
                    + "swap " + temporary + " " + set.name() + "\ndestroy " + temporary + "\n",
                    IpsetRestoreWriter.write(List.of(set), Firewall.digests(kernel)));
        }
        // A leftover temporary set of a failed restore goes first; sets of other tools are not even read.
        String leftover = "create " + temporary + " hash:net family inet\nadd " + temporary + " 10.0.0.1\n"
                + "create someone-else hash:ip family inet\nadd someone-else 10.0.0.1\n" + saved;
        assertEquals(java.util.Set.of(set.name(), temporary), Firewall.digests(leftover).keySet());
        assertEquals("destroy " + temporary + "\n", IpsetRestoreWriter.write(List.of(set), Firewall.digests(leftover)));
    }

    @Test
    void nomatchEntriesAndSlash32CompareAsIpsetSavePrintsThem() {
        IpSet set = IpSet.of(List.of("10.1.0.0/16", "10.1.2.3/32 nomatch", "0.0.0.0/1"));
        String saved = "create " + set.name() + " hash:net family inet\nadd " + set.name() + " 0.0.0.0/1\n"
                + "add " + set.name() + " 10.1.2.3 nomatch\nadd " + set.name() + " 10.1.0.0/16\n";
        assertEquals(set.digest(), Firewall.digests(saved).get(set.name()));
        assertEquals(false, set.digest().equals(Firewall.digests(saved.replace(" nomatch", "")).get(set.name())));
    }

    @Test
    void onlyChainsThatDifferFromTheKernelAreWritten() {
        Map<String, List<String>> kernel = new LinkedHashMap<>();
        kernel.put("PALISADE-FORWARD", List.of("-j PALISADE-X"));
        kernel.put("PALISADE-X", List.of("-j ACCEPT")); // edited by someone, or an older ruleset
        kernel.put("PALISADE-OLD", List.of("-j DROP"));
        assertEquals("""
                *filter
                :PALISADE-X - [0:0]
                :PALISADE-OLD - [0:0]
                -A PALISADE-X -j DROP
                -X PALISADE-OLD
                COMMIT
                """, IptablesRestoreWriter.write(RULESET, kernel, Set.of("FORWARD")));
        kernel.put("PALISADE-X", List.of("-j DROP"));
        kernel.remove("PALISADE-OLD");
        assertEquals(IptablesRestoreWriter.NOTHING, IptablesRestoreWriter.write(RULESET, kernel, Set.of("FORWARD")));
    }
}
