package dev.palisade.netpol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressSetTest {

    @Test
    void unionMergesAdjacentCidrs() {
        AddressSet set = AddressSet.cidr("10.0.0.0/17").union(AddressSet.cidr("10.0.128.0/17"));
        assertEquals(List.of("10.0.0.0/16"), set.toCidrs());
    }

    @Test
    void minusCarvesHolesAndPrintsTheFewestCidrs() {
        AddressSet set = AddressSet.cidr("10.0.0.0/16").minus(AddressSet.cidr("10.0.0.0/18"));
        assertEquals(List.of("10.0.64.0/18", "10.0.128.0/17"), set.toCidrs());
        assertTrue(set.contains("10.0.200.1"));
        assertFalse(set.contains("10.0.1.1"));
    }

    @Test
    void intersectKeepsOnlyCommonAddresses() {
        AddressSet set = AddressSet.cidr("10.0.0.0/8").intersect(AddressSet.cidr("10.1.0.0/16").union(AddressSet.cidr("192.168.0.0/16")));
        assertEquals(List.of("10.1.0.0/16"), set.toCidrs());
        assertTrue(AddressSet.cidr("10.0.0.0/8").intersect(AddressSet.cidr("11.0.0.0/8")).isEmpty());
    }

    @Test
    void ipv4AndIpv6NeverOverlap() {
        assertTrue(AddressSet.cidr("::/0").intersect(AddressSet.cidr("0.0.0.0/0")).isEmpty());
        assertTrue(AddressSet.cidr("::/0").union(AddressSet.cidr("0.0.0.0/0")).isEverything());
        assertFalse(AddressSet.cidr("::/0").contains("10.0.0.1"));
        assertEquals(List.of("fd00::/48"), AddressSet.cidr("fd00:0:0::/48").toCidrs());
        assertEquals(List.of("2001:db8:0:0:1::/96"), AddressSet.cidr("2001:db8::1:0:0:0/96").toCidrs(), "the longest run of zeros is shortened");
    }

    @Test
    void anIpBlockIsItsCidrWithoutItsExcepts() {
        AddressSet set = AddressSet.of(new IpBlock("10.0.0.0/24", List.of("10.0.0.128/25")));
        assertEquals(List.of("10.0.0.0/25"), set.toCidrs());
        assertTrue(set.containsAll(AddressSet.cidr("10.0.0.64/26")));
        assertFalse(set.containsAll(AddressSet.cidr("10.0.0.0/24")));
    }

    @Test
    void longListsArePrintedShort() {
        AddressSet set = AddressSet.EMPTY;
        for (int i = 0; i < 20; i += 2) {
            set = set.union(AddressSet.cidr("10.0." + i + ".0/24"));
        }
        assertEquals("10.0.0.0/24, 10.0.2.0/24, 10.0.4.0/24, 10.0.6.0/24, 10.0.8.0/24, 10.0.10.0/24, 10.0.12.0/24, 10.0.14.0/24 and 2 more",
                set.toString());
        assertEquals("every address", AddressSet.EVERYTHING.toString());
    }
}
