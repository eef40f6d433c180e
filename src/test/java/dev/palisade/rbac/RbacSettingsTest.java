package dev.palisade.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Catalogue;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.Engine;
import dev.palisade.engine.Finding;
import dev.palisade.engine.Inventory;
import dev.palisade.source.KubeObject;
import dev.palisade.testing.Lint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Built-in roles are not judged by default; the allow-list exempts a role or subject, with a reason, until it expires. */
class RbacSettingsTest {
    private static final String OPERATOR = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: operator
            rules:
              - apiGroups: [""]
                resources: [secrets]
                verbs: [list]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: operator
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: operator}
            subjects:
              - {kind: ServiceAccount, name: operator, namespace: ops}
            """;

    private static List<Finding> secretsRead(String config, String yaml) {
        PalisadeConfig parsed = PalisadeConfig.parse("test-config.yaml", config);
        List<KubeObject> objects = Lint.objects(yaml);
        return new Engine(List.of(Catalogue.load(parsed).byId("rbac-secrets-read"))).evaluate(objects, Inventory.of(objects)).findings();
    }

    @Test
    void builtInRolesAreSkippedUnlessAskedFor() {
        String builtIn = OPERATOR.replace("name: operator\nrules", "name: operator\n  labels: {kubernetes.io/bootstrapping: rbac-defaults}\nrules");
        String systemName = OPERATOR.replace("name: operator\nrules", "name: system:operator\nrules");
        assertThat(secretsRead("", builtIn)).isEmpty();
        assertThat(secretsRead("", systemName)).isEmpty();
        assertThat(secretsRead("rbac: {reportBuiltIn: true}", builtIn)).hasSize(1);
    }

    @Test
    void anAllowListedRoleIsExemptedWithItsReasonNotDropped() {
        List<Finding> findings = secretsRead("""
                rbac:
                  allow:
                    - {kind: ClusterRole, name: operator, reason: reads the TLS secrets it rotates, expires: 2999-12-31}
                """, OPERATOR);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.exempted()).isTrue();
            assertThat(f.exemptedBy()).isEqualTo("allow-listed for ClusterRole operator: reads the TLS secrets it rotates (until 2999-12-31)");
        });
    }

    @Test
    void aRoleIsExemptWhenEverySubjectBoundToItIsAllowListed() {
        String config = """
                rbac:
                  allow:
                    - {kind: ServiceAccount, namespace: ops, name: operator, reason: the platform team's operator}
                """;
        assertThat(secretsRead(config, OPERATOR)).singleElement().satisfies(f -> assertThat(f.exempted()).isTrue());
        String second = OPERATOR + "  - {kind: User, name: mallory}\n";
        assertThat(secretsRead(config, second)).singleElement()
                .satisfies(f -> assertThat(f.exempted()).as("mallory is not allow-listed").isFalse());
    }

    @Test
    void anExpiredEntryNoLongerAppliesAndTheFindingSaysSo() {
        List<Finding> findings = secretsRead("""
                rbac:
                  allow:
                    - {kind: ClusterRole, name: operator, reason: migration, expires: 2020-01-31}
                """, OPERATOR);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.exempted()).isFalse();
            assertThat(f.message()).endsWith("(the allow-list entry for ClusterRole operator expired on 2020-01-31)");
        });
    }

    @Test
    void badEntriesAreConfigurationErrorsThatSayWhere() {
        assertThatThrownBy(() -> secretsRead("rbac: {allow: [{kind: ClusterRole, name: operator}]}", OPERATOR))
                .isInstanceOf(CatalogueException.class).hasMessageContaining("rbac.allow[0]: every allow-list entry needs a reason");
        assertThatThrownBy(() -> secretsRead("rbac: {allow: [{kind: ServiceAccount, name: a, reason: x}]}", OPERATOR))
                .isInstanceOf(CatalogueException.class).hasMessageContaining("a ServiceAccount entry needs its namespace");
        assertThatThrownBy(() -> secretsRead("rbac: {allow: [{kind: Role, namespace: a, name: b, reason: x, expires: soon}]}", OPERATOR))
                .isInstanceOf(CatalogueException.class).hasMessageContaining("expires must be a date like 2027-03-31");
        assertThatThrownBy(() -> secretsRead("rbac: {allowlist: []}", OPERATOR))
                .isInstanceOf(CatalogueException.class).hasMessageContaining("unknown setting \"allowlist\"");
    }

    @Test
    void aUserWritesTheirOwnRbacCheckFromTheTemplate() {
        String config = """
                customChecks:
                  - id: acme-configmap-write
                    category: rbac
                    severity: medium
                    description: Writing ConfigMaps changes what our controllers trust.
                    remediation: Limit writes to named ConfigMaps.
                    template: rbac-rule-grants
                    params:
                      grants: [{apiGroups: [""], resources: [configmaps], verbs: [create, update, patch]}]
                """;
        String yaml = OPERATOR.replace("resources: [secrets]\n    verbs: [list]", "resources: [configmaps]\n    verbs: [\"*\"]");
        assertThat(Lint.withConfig(config, yaml)).filteredOn(f -> f.check().equals("acme-configmap-write")).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("rule 0 grants every verb (verbs: [\"*\"]), including create,"
                        + " update, patch, on configmaps"));
        assertThatThrownBy(() -> Lint.withConfig(config.replace("grants: [", "grants: [{apiGroups: [x]}, "), yaml))
                .isInstanceOf(CatalogueException.class).hasMessageContaining("grants[0] needs verbs");
    }
}
