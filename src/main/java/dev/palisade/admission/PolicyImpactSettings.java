package dev.palisade.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CatalogueException;
import dev.palisade.netpol.PolicyChangeImpact;
import java.time.Duration;
import java.util.Set;

/**
 * {@code admission.networkPolicyImpact}: what the webhook says about a NetworkPolicy change.
 * <pre>
 * networkPolicyImpact:
 *   enabled: true             # warn with what a create, update or delete newly allows and denies
 *   denyOpenToEveryone: false # deny a change that newly opens pods to every namespace or every address
 *   maxPods: 2000             # pods probed against; more makes the result partial (and says so)
 *   timeBudget: 300ms         # time spent probing; more makes the result partial
 *   examples: 3               # connections named per kind of change
 * </pre>
 */
record PolicyImpactSettings(boolean enabled, boolean denyOpenToEveryone, PolicyChangeImpact.Limits limits) {
    private static final Set<String> FIELDS = Set.of("enabled", "denyOpenToEveryone", "maxPods", "timeBudget", "examples");

    static PolicyImpactSettings from(JsonNode section, String where) {
        if (!section.isMissingNode() && !section.isObject()) {
            throw new CatalogueException(where + " must be a mapping");
        }
        for (String field : (Iterable<String>) section::fieldNames) {
            if (!FIELDS.contains(field)) {
                throw new CatalogueException(where + ": unknown setting \"" + field + "\" (known: "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        int maxPods = section.path("maxPods").asInt(2000);
        int examples = section.path("examples").asInt(3);
        if (maxPods < 1 || examples < 0 || examples > 20) {
            throw new CatalogueException(where + ": maxPods must be at least 1 and examples between 0 and 20");
        }
        Duration budget = AdmissionSettings.duration(section.path("timeBudget"), Duration.ofMillis(300), where + ".timeBudget");
        return new PolicyImpactSettings(section.path("enabled").asBoolean(true), section.path("denyOpenToEveryone").asBoolean(false),
                new PolicyChangeImpact.Limits(maxPods, budget, examples));
    }
}
