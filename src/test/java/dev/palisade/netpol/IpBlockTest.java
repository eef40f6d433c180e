package dev.palisade.netpol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpBlockTest {

    @Test
    void ipv4CidrWithExcept() {
        IpBlock block = new IpBlock("10.0.0.0/16", List.of("10.0.1.0/24"));
        assertTrue(block.contains("10.0.0.1"));
        assertTrue(block.contains("10.0.255.255"));
        assertFalse(block.contains("10.0.1.7"), "inside the except");
        assertFalse(block.contains("10.1.0.1"));
        assertFalse(block.contains("not-an-ip"));
        assertFalse(block.contains("10.0.0.256"));
        assertFalse(block.contains("fd00::1"), "another family never matches");
    }

    @Test
    void everythingBlocksAndHostRoutes() {
        assertTrue(IpBlock.of("0.0.0.0/0").isEverything());
        assertTrue(IpBlock.of("0.0.0.0/0").contains("203.0.113.9"));
        assertFalse(new IpBlock("0.0.0.0/0", List.of("10.0.0.0/8")).isEverything());
        assertTrue(IpBlock.of("10.0.2.2/32").contains("10.0.2.2"));
        assertFalse(IpBlock.of("10.0.2.2/32").contains("10.0.2.3"));
        assertTrue(IpBlock.of("192.168.7.9/16").contains("192.168.200.1"), "host bits of the CIDR are ignored");
    }

    @Test
    void ipv6() {
        IpBlock block = new IpBlock("fd00::/8", List.of("fd00:1::/32"));
        assertTrue(block.contains("fd12::5"));
        assertFalse(block.contains("fd00:1::5"));
        assertFalse(block.contains("10.0.0.1"));
        assertTrue(IpBlock.of("::/0").isEverything());
    }

    @Test
    void invalidCidrsSayWhatIsExpected() {
        for (String bad : new String[] {"10.0.0.0", "10.0.0.0/33", "example.com/8", "fd00::/129", "10.0.0/8"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpBlock.of(bad));
            assertEquals("\"" + bad + "\" is not a CIDR (expected address/prefix, e.g. 10.0.0.0/16)", e.getMessage());
        }
    }
}
