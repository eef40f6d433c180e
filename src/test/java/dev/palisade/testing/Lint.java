package dev.palisade.testing;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Catalogue;
import dev.palisade.engine.Check;
import dev.palisade.engine.Engine;
import dev.palisade.engine.Finding;
import dev.palisade.engine.Inventory;
import dev.palisade.source.KubeObject;
import dev.palisade.source.ManifestLoader;
import java.util.List;

/** Test helper: run built-in checks on YAML text. */
public final class Lint {
    private static final Catalogue CATALOGUE = Catalogue.builtIn();

    private Lint() {}

    public static Catalogue catalogue() {
        return CATALOGUE;
    }

    /** Objects of a YAML text; fails the test on input errors. */
    public static List<KubeObject> objects(String yaml) {
        ManifestLoader.Result result = new ManifestLoader().loadText("test.yaml", yaml);
        if (!result.errors().isEmpty()) {
            throw new AssertionError("fixture does not load: " + result.errors());
        }
        return result.objects();
    }

    /** Findings (not exempted) of one check on a YAML text. */
    public static List<Finding> check(String checkId, String yaml) {
        Check check = CATALOGUE.byId(checkId);
        if (check == null) {
            throw new AssertionError("no check " + checkId + " in the catalogue");
        }
        return run(List.of(check), yaml);
    }

    /** Findings (not exempted) of every enabled check of a profile on a YAML text. */
    public static List<Finding> profile(String profile, String yaml) {
        return run(CATALOGUE.selected(profile), yaml);
    }

    /** Findings with a user's configuration (overrides, custom checks). */
    public static List<Finding> withConfig(String configYaml, String yaml) {
        PalisadeConfig config = PalisadeConfig.parse("test-config.yaml", configYaml);
        return run(Catalogue.load(config).selected(config.profile()), yaml);
    }

    private static List<Finding> run(List<Check> checks, String yaml) {
        List<KubeObject> objects = objects(yaml);
        Engine.Evaluation evaluation = new Engine(checks).evaluate(objects, Inventory.of(objects));
        if (!evaluation.failures().isEmpty()) {
            throw new AssertionError("check failed: " + evaluation.failures());
        }
        return evaluation.reported();
    }
}
