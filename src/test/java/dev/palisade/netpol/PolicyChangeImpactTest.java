package dev.palisade.netpol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.engine.Inventory;
import dev.palisade.source.KubeObject;
import dev.palisade.source.YamlText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a NetworkPolicy change opens and closes, computed before and after from the model. */
class PolicyChangeImpactTest {
    static final PolicyChangeImpact.Limits LIMITS = new PolicyChangeImpact.Limits(2000, Duration.ofSeconds(5), 3);

    static final List<String> CLUSTER = List.of(
            namespace("payments"), namespace("team-b"), namespace("team-c"),
            pod("payments", "db", "db", 5432), pod("payments", "cache", "cache", 6379),
            pod("team-b", "web-1", "web", 8080), pod("team-b", "web-2", "web", 8080), pod("team-c", "api", "api", 8080));
    static final String DEFAULT_DENY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny, namespace: payments}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """;
    static final String OPEN_DB = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: open-db, namespace: payments}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 5432}]}]
            """;

    @Test
    void aPolicyOpeningTheDatabaseToEveryNamespaceNamesTheNewlyAllowedPairs() {
        PolicyChangeImpact.Result result = impact(with(DEFAULT_DENY), with(DEFAULT_DENY, OPEN_DB), null, OPEN_DB);
        assertEquals(4, result.newlyAllowed(), result.toString()); // web-1, web-2, api and payments/cache -> db:5432
        assertEquals(0, result.newlyDenied());
        assertEquals(List.of("payments/cache -> payments/db:5432/TCP", "team-b/* -> payments/db:5432/TCP",
                "team-c/api -> payments/db:5432/TCP"), result.allowedExamples());
        assertTrue(result.openToEveryone().startsWith("every namespace"), result.openToEveryone());
        assertTrue(result.warnings("creating NetworkPolicy payments/open-db").contains("palisade: allows team-b/* -> payments/db:5432/TCP (was denied)"),
                result.warnings("x").toString());
    }

    @Test
    void deletingTheOnlyPolicyThatSelectsAWorkloadSaysItIsNowOpen() {
        PolicyChangeImpact.Result result = impact(with(DEFAULT_DENY), with(), DEFAULT_DENY, null);
        assertEquals(List.of("payments/cache", "payments/db"), result.leftUnselected());
        assertTrue(result.newlyAllowed() > 0, result.toString());
        assertEquals("", result.openToEveryone(), "a deletion opens nothing the enforce rule denies");
    }

    @Test
    void anUnchangedUpdateSaysNothing() {
        PolicyChangeImpact.Result result = impact(with(DEFAULT_DENY, OPEN_DB), with(DEFAULT_DENY, OPEN_DB), OPEN_DB, OPEN_DB);
        assertTrue(result.unchanged(), result.toString());
        assertEquals(List.of(), result.warnings("updating NetworkPolicy payments/open-db"));
    }

    @Test
    void narrowingAPolicyNamesTheNewlyDeniedPairs() {
        String onlyTeamB = OPEN_DB.replace("namespaceSelector: {}", "namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: team-b}}");
        PolicyChangeImpact.Result result = impact(with(DEFAULT_DENY, OPEN_DB), with(DEFAULT_DENY, onlyTeamB), OPEN_DB, onlyTeamB);
        assertEquals(0, result.newlyAllowed());
        assertEquals(2, result.newlyDenied(), result.toString());
        assertEquals(List.of("payments/cache -> payments/db:5432/TCP", "team-c/api -> payments/db:5432/TCP"), result.deniedExamples());
        assertEquals("", result.openToEveryone());
    }

    @Test
    void aBoundedResultSaysItIsPartial() {
        PolicyChangeImpact.Result result = PolicyChangeImpact.of(with(DEFAULT_DENY), with(DEFAULT_DENY, OPEN_DB), null,
                object(OPEN_DB), new PolicyChangeImpact.Limits(2, Duration.ofSeconds(5), 3));
        assertTrue(result.partial().contains("first 2 of 5 pods"), result.partial());
        assertTrue(result.warnings("x").getFirst().contains("(partial: probed against the first 2 of 5 pods)"), result.warnings("x").toString());
    }

    /** Out of time before reaching the pods that change: the answer must not be silence, which reads as "no change". */
    @Test
    void aPartialResultThatFoundNoChangeStillSaysItIsPartial() {
        String toTeamC = OPEN_DB.replace("namespaceSelector: {}", "namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: team-c}}");
        PolicyChangeImpact.Result result = PolicyChangeImpact.of(with(DEFAULT_DENY), with(DEFAULT_DENY, toTeamC), null,
                object(toTeamC), new PolicyChangeImpact.Limits(2000, Duration.ZERO, 3));
        assertTrue(result.unchanged(), "only payments/cache was probed before the budget ran out: " + result);
        assertEquals(List.of("palisade: x: no pod connection found newly allowed or denied (partial: stopped after 0 ms)"),
                result.warnings("x"));
        assertEquals(List.of(), impact(with(DEFAULT_DENY, toTeamC), with(DEFAULT_DENY, toTeamC), toTeamC, toTeamC).warnings("x"),
                "a complete result without change says nothing");
    }

    private static PolicyChangeImpact.Result impact(Inventory before, Inventory after, String old, String now) {
        return PolicyChangeImpact.of(before, after, old == null ? null : object(old), now == null ? null : object(now), LIMITS);
    }

    static Inventory with(String... policies) {
        List<KubeObject> objects = new ArrayList<>();
        CLUSTER.forEach(yaml -> objects.add(object(yaml)));
        for (String policy : policies) {
            objects.add(object(policy));
        }
        return Inventory.of(objects);
    }

    static KubeObject object(String yaml) {
        return KubeObject.of(YamlText.parse("cluster.yaml", yaml));
    }

    static String namespace(String name) {
        return "{apiVersion: v1, kind: Namespace, metadata: {name: %s, labels: {kubernetes.io/metadata.name: %s}}}".formatted(name, name);
    }

    static String pod(String namespace, String name, String app, int port) {
        return ("{apiVersion: v1, kind: Pod, metadata: {name: %s, namespace: %s, labels: {app: %s}}, spec: {containers: "
                + "[{name: c, image: x, ports: [{containerPort: %d}]}]}}").formatted(name, namespace, app, port);
    }
}
