package dev.palisade.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.CatalogueException;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code audit:} section: {@code palisade serve}'s background audit.
 * <pre>
 * audit:
 *   enabled: true     # re-evaluate the cluster on a period (never offline)
 *   interval: 10m     # the period (s, m or h; at least 5s); a restart (a new configuration or catalogue) audits at once
 *   reports: true     # write PolicyReports (false: metrics and logs only)
 * </pre>
 */
public record AuditSettings(boolean enabled, Duration interval, boolean reports) {
    private static final Set<String> FIELDS = Set.of("enabled", "interval", "reports");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    public static AuditSettings from(PalisadeConfig config) {
        JsonNode section = config.section("audit");
        String where = "config " + config.source() + ": audit";
        if (!section.isMissingNode() && !section.isNull() && !section.isObject()) {
            throw new CatalogueException(where + " must be a mapping");
        }
        for (String field : (Iterable<String>) section::fieldNames) {
            if (!FIELDS.contains(field)) {
                throw new CatalogueException(where + ": unknown setting \"" + field + "\" (known: enabled, interval, reports)");
            }
        }
        Duration interval = Duration.ofMinutes(10);
        JsonNode text = section.path("interval");
        if (!text.isMissingNode()) {
            Matcher m = DURATION.matcher(text.asText());
            if (!m.matches()) {
                throw new CatalogueException(where + ".interval: \"" + text.asText() + "\" is not a duration like 30s, 10m or 1h");
            }
            long n = Long.parseLong(m.group(1));
            interval = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
            if (interval.compareTo(Duration.ofSeconds(5)) < 0) {
                throw new CatalogueException(where + ".interval: " + text.asText() + " is shorter than 5s");
            }
        }
        return new AuditSettings(section.path("enabled").asBoolean(true), interval, section.path("reports").asBoolean(true));
    }
}
