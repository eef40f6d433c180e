package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.palisade.config.PalisadeConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The enforcer's settings come from the {@code enforcer} section of .palisade.yaml, and flags win over it. */
class EnforceCommandSettingsTest {
    private static final PalisadeConfig CONFIG = PalisadeConfig.parse(".palisade.yaml", """
            enforcer:
              node: from-config
              vni: 42
              vxlanPort: 8472
              mtu: 1400
              denyAction: reject
              logDenied: nflog
              resyncSeconds: 5
            """);

    private static EnforcerSettings settings(String... flags) {
        EnforceCommand command = new EnforceCommand();
        new CommandLine(command).parseArgs(flags);
        return command.settings(CONFIG.section("enforcer"));
    }

    @Test
    void configSectionGivesTheSettings() {
        EnforcerSettings settings = settings();
        assertEquals(new EnforcerSettings("from-config", "cni0", "palisade.vxlan", 42, 8472, "", 1400,
                EnforcerSettings.DenyAction.REJECT, EnforcerSettings.DenyLog.NFLOG, Duration.ofSeconds(5)), settings);
    }

    @Test
    void flagsWinOverTheConfig() {
        EnforcerSettings settings = settings("--node", "n7", "--vni", "7", "--deny-action", "DROP", "--bridge", "br-pods");
        assertEquals("n7", settings.node());
        assertEquals(7, settings.vni());
        assertEquals(EnforcerSettings.DenyAction.DROP, settings.denyAction());
        assertEquals("br-pods", settings.bridge());
        assertEquals(8472, settings.vxlanPort());
    }

    @Test
    void establishedFlowsAreCutUnlessKeepEstablishedOrTheConfigSaysSo() {
        assertEquals(true, settings().cutDeniedFlows(), "the default cuts them");
        assertEquals(false, settings("--keep-established").cutDeniedFlows());
        EnforceCommand command = new EnforceCommand();
        new CommandLine(command).parseArgs();
        assertEquals(false, command.settings(PalisadeConfig.parse(".palisade.yaml", "enforcer: {node: n, cutDeniedFlows: false}\n")
                .section("enforcer")).cutDeniedFlows());
        EnforcerException e = assertThrows(EnforcerException.class, () -> command.settings(
                PalisadeConfig.parse(".palisade.yaml", "enforcer: {node: n, cutDeniedFlows: \"no\"}\n").section("enforcer")));
        assertEquals("enforcer.cutDeniedFlows is \"no\", not true or false (.palisade.yaml)", e.getMessage());
    }

    @Test
    void aBadValueNamesTheFlag() {
        EnforcerException e = assertThrows(EnforcerException.class, () -> settings("--log-denied", "loud"));
        assertEquals("deny logging \"loud\" is not none, log or nflog (--log-denied)", e.getMessage());
    }
}
