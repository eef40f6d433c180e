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
        assertEquals("create " + other.name() + " hash:net family inet hashsize 64 maxelem 65536\nadd " + other.name() + " 10.0.0.1/32\n",
                IpsetRestoreWriter.create(List.of(one, other), Set.of(one.name())));
    }
}
