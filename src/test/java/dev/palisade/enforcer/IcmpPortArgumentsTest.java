package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.palisade.netpol.PortMatch;
import dev.palisade.netpol.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calico's icmp type and code compile to iptables icmp matches, never to "every ICMP message". */
class IcmpPortArgumentsTest {

    @Test
    void aTypeIsOneMatchAndATypeWithCodeIsExact() {
        assertEquals(List.of("-p icmp -m icmp --icmp-type 8 "),
                RuleCompiler.portArguments(new PortMatch(Protocol.ICMP, Protocol.icmp(8, 0), Protocol.icmp(8, 255))));
        assertEquals(List.of("-p icmp -m icmp --icmp-type 3/4 "),
                RuleCompiler.portArguments(PortMatch.of(Protocol.ICMP, Protocol.icmp(3, 4))));
        assertEquals(List.of("-p icmp "), RuleCompiler.portArguments(PortMatch.all(Protocol.ICMP)));
    }

    @Test
    void icmpv6NeverMatchesInTheIpv4Ruleset() {
        assertEquals(List.of(), RuleCompiler.portArguments(PortMatch.all(Protocol.ICMPV6)));
    }
}
