package dev.palisade.lint;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Catalogue;
import dev.palisade.engine.Check;
import dev.palisade.engine.Engine;
import dev.palisade.engine.Inventory;
import dev.palisade.engine.Severity;
import dev.palisade.report.LintRun;
import dev.palisade.source.ManifestLoader;
import java.io.InputStream;
import java.util.List;

/** The linter as a function: paths and a configuration in, a {@link LintRun} out. The CLI is a thin shell around it. */
public final class Linter {
    private final PalisadeConfig config;
    private final Catalogue catalogue;
    private final String profile;
    private final Severity failOn;

    public Linter(PalisadeConfig config, String profile, Severity failOn) {
        this(config, Catalogue.load(config), profile, failOn);
    }

    public Linter(PalisadeConfig config, Catalogue catalogue, String profile, Severity failOn) {
        this.config = config;
        this.catalogue = catalogue;
        this.profile = profile != null ? profile : config.profile();
        this.failOn = failOn != null ? failOn : config.failOn();
    }

    public LintRun lint(List<String> paths, InputStream stdin) {
        ManifestLoader.Result loaded = new ManifestLoader().load(paths, stdin, config::excluded);
        return lint(loaded);
    }

    public LintRun lint(ManifestLoader.Result loaded) {
        List<Check> checks = catalogue.selected(profile);
        Engine engine = new Engine(checks);
        Engine.Evaluation evaluation = engine.evaluate(loaded.objects(), Inventory.of(loaded.objects()));
        return new LintRun(evaluation.reported(), evaluation.exempted(), loaded.errors(), evaluation.failures(),
                loaded.objects().size(), checks, failOn);
    }
}
