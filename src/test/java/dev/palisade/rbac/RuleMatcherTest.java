package dev.palisade.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.engine.Finding;
import dev.palisade.engine.Severity;
import dev.palisade.testing.Lint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The matcher of the RBAC checks: within one rule, as the authorizer reads it, with the wildcard named. */
class RuleMatcherTest {

    private static String clusterRole(String rules) {
        return """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: probe
                rules:
                """ + rules;
    }

    @Test
    void coreGroupIsTheEmptyStringAndAnotherGroupsSecretsAreNotSecrets() {
        assertThat(Lint.check("rbac-secrets-read", clusterRole("""
                  - apiGroups: [example.com]
                    resources: [secrets]
                    verbs: [get, list]
                """))).isEmpty();
        assertThat(Lint.check("rbac-secrets-read", clusterRole("""
                  - apiGroups: [""]
                    resources: [secrets]
                    verbs: [list]
                """))).hasSize(1);
    }

    @Test
    void neverCombinesTwoRules() {
        assertThat(Lint.check("rbac-secrets-read", clusterRole("""
                  - apiGroups: [""]
                    resources: [secrets]
                    verbs: [delete]
                  - apiGroups: [""]
                    resources: [configmaps]
                    verbs: [get]
                """))).isEmpty();
    }

    @Test
    void aWildcardInALaterRuleIsFoundAtThatRulesLine() {
        List<Finding> findings = Lint.check("rbac-secrets-read", clusterRole("""
                  - apiGroups: [""]
                    resources: [configmaps]
                    verbs: [get]
                  - apiGroups: [""]
                    resources: ["*"]
                    verbs: [watch]
                """));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("rules[1]");
            assertThat(f.line()).isEqualTo(9);
            assertThat(f.message()).startsWith("rule 1 grants watch on every resource (resources: [\"*\"]), which includes secrets");
        });
    }

    @Test
    void getOnEverythingIsNamedAsSuchAndIncludesSecretsAndNodesProxy() {
        String rules = clusterRole("""
                  - apiGroups: ["*"]
                    resources: ["*"]
                    verbs: [get]
                """);
        assertThat(Lint.check("rbac-secrets-read", rules)).singleElement().extracting(Finding::message).asString()
                .contains("get on every resource (resources: [\"*\"]) in every API group (apiGroups: [\"*\"]), which includes secrets");
        assertThat(Lint.check("rbac-nodes-proxy", rules)).singleElement().extracting(Finding::message).asString()
                .contains("which includes nodes/proxy");
        // get on */* is not everything: the rule-level wildcard check stays quiet, the specific dangers speak
        assertThat(Lint.check("rbac-wildcard-all", rules)).isEmpty();
    }

    @Test
    void everyVerbOnOneHarmlessResourceIsNotADanger() {
        String rules = clusterRole("""
                  - apiGroups: [""]
                    resources: [configmaps]
                    verbs: ["*"]
                """);
        assertThat(Lint.profile("all", rules)).filteredOn(f -> f.category().equals("rbac")).isEmpty();
    }

    @Test
    void everyVerbOnADangerousResourceNamesTheVerbsItIncludes() {
        List<Finding> findings = Lint.check("rbac-workload-create", clusterRole("""
                  - apiGroups: [batch]
                    resources: [jobs]
                    verbs: ["*"]
                """));
        assertThat(findings).singleElement().extracting(Finding::message).asString()
                .startsWith("rule 0 grants every verb (verbs: [\"*\"]), including create, update, patch, on jobs in batch");
    }

    @Test
    void everythingIsOneFindingNotTwenty() {
        List<Finding> findings = Lint.profile("all", clusterRole("""
                  - apiGroups: ["*"]
                    resources: ["*"]
                    verbs: ["*"]
                """)).stream().filter(f -> f.category().equals("rbac")).toList();
        assertThat(findings).extracting(Finding::check).containsExactly("rbac-wildcard-all");
        assertThat(findings.getFirst().severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void scaleOfEveryKindNeedsTheWildcardWhileOneKindsScaleDoesNot() {
        assertThat(Lint.check("rbac-scale-write", clusterRole("""
                  - apiGroups: ["*"]
                    resources: ["*/scale"]
                    verbs: [patch]
                """))).hasSize(1);
        assertThat(Lint.check("rbac-scale-write", clusterRole("""
                  - apiGroups: [apps]
                    resources: ["*/scale"]
                    verbs: [patch]
                """))).as("*/scale in one group is not every group").isEmpty();
        assertThat(Lint.check("rbac-scale-write", clusterRole("""
                  - apiGroups: ["*"]
                    resources: [deployments/scale]
                    verbs: [patch]
                """))).as("one kind's scale").isEmpty();
    }

    @Test
    void aSubresourceWildcardReachesThatSubresourceOfEveryResource() {
        assertThat(Lint.check("rbac-pods-exec", clusterRole("""
                  - apiGroups: [""]
                    resources: ["*/exec"]
                    verbs: [create]
                """))).singleElement().extracting(Finding::message).asString().contains("*/exec, which includes pods/exec");
        assertThat(Lint.check("rbac-pods-exec", clusterRole("""
                  - apiGroups: [""]
                    resources: [pods]
                    verbs: [create]
                """))).as("pods is not pods/exec").isEmpty();
    }

    @Test
    void resourceNamesNarrowReadsAndUpdatesButCreateCannotBeNarrowed() {
        List<Finding> named = Lint.check("rbac-secrets-read", clusterRole("""
                  - apiGroups: [""]
                    resources: [secrets]
                    verbs: [get]
                    resourceNames: [app-tls]
                """));
        assertThat(named).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("(only the named objects app-tls)");
            assertThat(f.severity()).as("one step below the unnarrowed critical").isEqualTo(Severity.HIGH);
        });
        assertThat(Lint.check("rbac-secrets-write", clusterRole("""
                  - apiGroups: [""]
                    resources: [secrets]
                    verbs: [create]
                    resourceNames: [app-tls]
                """))).as("a create request carries no name, so this rule grants nothing").isEmpty();
        assertThat(Lint.check("rbac-serviceaccount-token", clusterRole("""
                  - apiGroups: [""]
                    resources: [serviceaccounts/token]
                    verbs: [create]
                    resourceNames: [builder]
                """))).as("create on a subresource names its parent object").hasSize(1);
    }

    @Test
    void getOnExecIsOneStepBelowCreate() {
        Severity get = Lint.check("rbac-pods-exec", clusterRole("""
                  - apiGroups: [""]
                    resources: [pods/exec]
                    verbs: [get]
                """)).getFirst().severity();
        Severity create = Lint.check("rbac-pods-exec", clusterRole("""
                  - apiGroups: [""]
                    resources: [pods/exec]
                    verbs: [create, get]
                """)).getFirst().severity();
        assertThat(create).isEqualTo(Severity.HIGH);
        assertThat(get).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void impersonationOfUserExtrasMatchesAnyExtraKey() {
        assertThat(Lint.check("rbac-impersonate", clusterRole("""
                  - apiGroups: [authentication.k8s.io]
                    resources: [userextras/scopes]
                    verbs: [impersonate]
                """))).hasSize(1);
        assertThat(Lint.check("rbac-impersonate", clusterRole("""
                  - apiGroups: [authentication.k8s.io]
                    resources: [tokenreviews]
                    verbs: [create]
                """))).isEmpty();
    }

    @Test
    void nonResourceWildcardIsNotAPrefix() {
        assertThat(Lint.check("rbac-nonresource-wildcard", clusterRole("""
                  - nonResourceURLs: ["/metrics*"]
                    verbs: [get]
                """))).isEmpty();
        assertThat(Lint.check("rbac-nonresource-wildcard", clusterRole("""
                  - nonResourceURLs: ["*"]
                    verbs: ["*"]
                """))).hasSize(1);
    }

    @Test
    void aStatusWildcardReachesEveryKindsStatus() {
        assertThat(Lint.check("rbac-service-status-write", clusterRole("""
                  - apiGroups: [""]
                    resources: ["*/status"]
                    verbs: [patch]
                """))).singleElement().extracting(Finding::message).asString().contains("*/status, which includes services/status");
        assertThat(Lint.check("rbac-service-status-write", clusterRole("""
                  - apiGroups: [""]
                    resources: [pods/status]
                    verbs: [patch]
                """))).isEmpty();
    }
}
