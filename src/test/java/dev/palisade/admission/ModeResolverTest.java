package dev.palisade.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.CheckDefinition;
import dev.palisade.source.YamlText;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModeResolverTest {
    static CheckDefinition check(String id, String severity) {
        return CheckDefinition.parse(YamlText.parse("t", "{id: %s, category: t, severity: %s, description: d, remediation: r, template: x}"
                .formatted(id, severity)), "t");
    }

    static ModeResolver resolver(String config) {
        return new ModeResolver(AdmissionSettings.from(PalisadeConfig.parse("t.yaml", config), "palisade"));
    }

    @Test
    void byDefaultHighAndAboveAreEnforcedAndTheRestWarn() {
        ModeResolver modes = resolver("{}");
        assertEquals(Mode.ENFORCE, modes.resolve(check("a", "critical"), Map.of()));
        assertEquals(Mode.ENFORCE, modes.resolve(check("a", "high"), Map.of()));
        assertEquals(Mode.WARN, modes.resolve(check("a", "medium"), Map.of()));
        assertEquals(Mode.WARN, modes.resolve(check("a", "info"), Map.of()));
    }

    @Test
    void configuredThresholdsAndPerCheckModes() {
        ModeResolver modes = resolver("admission: {enforce: critical, warn: medium, checks: {b: enforce, c: off}}");
        assertEquals(Mode.WARN, modes.resolve(check("a", "high"), Map.of()));
        assertEquals(Mode.AUDIT, modes.resolve(check("a", "low"), Map.of()));
        assertEquals(Mode.ENFORCE, modes.resolve(check("b", "info"), Map.of()));
        assertEquals(Mode.OFF, modes.resolve(check("c", "critical"), Map.of()));
        assertEquals(Mode.WARN, resolver("admission: {enforce: none}").resolve(check("a", "critical"), Map.of()));
    }

    @Test
    void namespaceLabelsOverrideLikePodSecurityAdmission() {
        ModeResolver modes = resolver("admission: {checks: {b: warn}}");
        assertEquals(Mode.WARN, modes.resolve(check("a", "high"), Map.of("palisade.dev/enforce", "critical")));
        assertEquals(Mode.AUDIT, modes.resolve(check("a", "medium"), Map.of("palisade.dev/warn", "none")));
        assertEquals(Mode.ENFORCE, modes.resolve(check("b", "low"), Map.of("mode.palisade.dev/b", "enforce")));
        assertEquals(Mode.ENFORCE, modes.resolve(check("a", "high"), Map.of("palisade.dev/enforce", "not-a-severity")),
                "a label that is not understood is ignored");
        assertEquals(Mode.ENFORCE, resolver("admission: {namespaceLabels: false}")
                .resolve(check("a", "high"), Map.of("palisade.dev/enforce", "none")));
    }

    @Test
    void badSettingsNameTheField() {
        assertTrue(assertThrows(CatalogueException.class, () -> resolver("admission: {enforce: severe}")).getMessage()
                .contains("admission.enforce"));
        assertTrue(assertThrows(CatalogueException.class, () -> resolver("admission: {checks: {a: block}}")).getMessage()
                .contains("admission.checks.a: unknown mode \"block\""));
        assertTrue(assertThrows(CatalogueException.class, () -> resolver("admission: {timeBudget: 60s}")).getMessage()
                .contains("at most 25s"));
        assertTrue(assertThrows(CatalogueException.class, () -> resolver("admission: {exemption: {}}")).getMessage()
                .contains("unknown setting \"exemption\""));
    }

    @Test
    void defaultExemptionsKeepTheControlPlaneAndOwnNamespace() {
        AdmissionSettings settings = AdmissionSettings.from(PalisadeConfig.empty(), "guard");
        assertTrue(settings.exemptNamespaces().containsAll(java.util.List.of("kube-system", "guard")));
        assertTrue(settings.exemptUsers().contains("system:serviceaccount:kube-system:clusterrole-aggregation-controller"));
        AdmissionSettings replaced = AdmissionSettings.from(PalisadeConfig.parse("t",
                "admission: {exemptions: {replaceDefaults: true, namespaces: [ops]}}"), "guard");
        assertEquals(java.util.Set.of("ops"), replaced.exemptNamespaces());
        assertTrue(replaced.exemptUsers().isEmpty());
    }
}
