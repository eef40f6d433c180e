package dev.palisade.netpol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CalicoSelectorTest {
    private static final Map<String, String> DB = Map.of("app", "products-db", "tier", "data");
    private static final Map<String, String> UI = Map.of("app", "products-ui");

    private static boolean matches(String selector, Map<String, String> labels) {
        return CalicoSelector.parse(selector).matches(labels);
    }

    @Test
    void equalityAndInequalityTreatAMissingLabelAsNotEqual() {
        assertTrue(matches("app == 'products-db'", DB));
        assertFalse(matches("app == 'products-db'", UI));
        assertTrue(matches("tier != 'data'", UI), "!= matches when the label is absent");
        assertFalse(matches("tier != 'data'", DB));
        assertTrue(matches("app == \"products-ui\"", UI), "double quotes");
    }

    @Test
    void setMembershipAndHas() {
        assertTrue(matches("app in {'products-db', 'x'}", DB));
        assertFalse(matches("app in {'x'}", DB));
        assertTrue(matches("app not in {'x'}", DB));
        assertTrue(matches("missing not in {'x'}", DB), "not in matches when the label is absent");
        assertTrue(matches("has(tier)", DB));
        assertFalse(matches("has(tier)", UI));
        assertTrue(matches("!has(tier)", UI));
    }

    @Test
    void booleanOperatorsBindAndBeforeOr() {
        assertTrue(matches("app == 'nope' || app == 'products-db' && tier == 'data'", DB));
        assertFalse(matches("(app == 'nope' || app == 'products-db') && tier == 'web'", DB));
        assertTrue(matches("!(app == 'products-ui')", DB));
        assertTrue(matches("all()", UI));
        assertTrue(matches("", UI), "an empty selector selects everything");
        assertFalse(matches("global()", UI), "global() never selects a pod");
        assertTrue(matches("app starts with 'products' && app ends with 'db' && app contains 'ts-d'", DB));
    }

    @Test
    void syntaxErrorsNameTheColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CalicoSelector.parse("app = 'x'"));
        assertTrue(e.getMessage().contains("column 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CalicoSelector.parse("app == 'x"));
        assertThrows(IllegalArgumentException.class, () -> CalicoSelector.parse("has(app"));
        assertThrows(IllegalArgumentException.class, () -> CalicoSelector.parse("app == 'x' &&"));
        assertEquals("app == 'x'", CalicoSelector.parse("app == 'x'").text());
    }
}
