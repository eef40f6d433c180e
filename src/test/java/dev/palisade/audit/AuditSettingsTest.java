package dev.palisade.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.CatalogueException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code audit:} section: defaults, a period, and errors that name the field. */
class AuditSettingsTest {

    @Test
    void defaultsAuditEveryTenMinutesAndWriteReports() {
        assertEquals(new AuditSettings(true, Duration.ofMinutes(10), true), AuditSettings.from(PalisadeConfig.empty()));
        assertEquals(new AuditSettings(false, Duration.ofSeconds(30), false),
                AuditSettings.from(PalisadeConfig.parse("p.yaml", "audit: {enabled: false, interval: 30s, reports: false}")));
    }

    @Test
    void badSettingsAreClearErrors() {
        assertTrue(error("audit: {interval: soon}").contains("audit.interval: \"soon\" is not a duration like 30s, 10m or 1h"));
        assertTrue(error("audit: {interval: 1s}").contains("audit.interval: 1s is shorter than 5s"));
        assertTrue(error("audit: {period: 1m}").contains("audit: unknown setting \"period\""));
    }

    private static String error(String config) {
        return assertThrows(CatalogueException.class, () -> AuditSettings.from(PalisadeConfig.parse("p.yaml", config))).getMessage();
    }
}
