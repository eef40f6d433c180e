package dev.palisade.lint;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Catalogue;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.Check;
import dev.palisade.engine.Engine;
import dev.palisade.engine.Inventory;
import dev.palisade.engine.Severity;
import dev.palisade.report.LintRun;
import dev.palisade.source.ManifestLoader;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The linter as a function: paths and a configuration in, a {@link LintRun} out. The CLI is a thin shell around it. */
public final class Linter {
    private final PalisadeConfig config;
    private final List<Check> checks;
    private final Severity failOn;

    /** Lints with the built-in catalogue plus the config's rules, overrides and custom checks. */
    public Linter(PalisadeConfig config, String profile, Severity failOn) {
        this(config, Catalogue.load(config), profile, failOn);
    }

    /**
     * @param profile null for the config's profile
     * @param failOn  null for the config's {@code failOn} (itself high by default)
     */
    public Linter(PalisadeConfig config, Catalogue catalogue, String profile, Severity failOn) {
        this(config, catalogue.selected(profile != null ? profile : config.profile()),
                failOn != null ? failOn : config.failOn());
    }

    private Linter(PalisadeConfig config, List<Check> checks, Severity failOn) {
        this.config = config;
        this.checks = List.copyOf(checks);
        this.failOn = failOn;
    }

    /**
     * The same linter running only the named checks (of those the profile and config enable).
     *
     * @throws CatalogueException when an id names no check of this run
     */
    public Linter only(Collection<String> checkIds) {
        Set<String> wanted = new TreeSet<>(checkIds);
        Set<String> known = new TreeSet<>();
        checks.forEach(c -> known.add(c.id()));
        Set<String> unknown = new TreeSet<>(wanted);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new CatalogueException("--check " + String.join(", ", unknown) + ": no such enabled check in this"
                    + " profile (see `palisade checks list`)");
        }
        return new Linter(config, checks.stream().filter(c -> wanted.contains(c.id())).toList(), failOn);
    }

    /** The checks this linter runs, sorted by id. */
    public List<Check> checks() {
        return checks;
    }

    /** Lints files, folders (walked recursively, the config's excludes skipped) and {@code -} for {@code stdin}. */
    public LintRun lint(List<String> paths, InputStream stdin) {
        return lint(new ManifestLoader().load(paths, stdin, config::excluded));
    }

    /** Lints what a loader produced; its input errors are carried into the run. */
    public LintRun lint(ManifestLoader.Result loaded) {
        Engine.Evaluation evaluation = new Engine(checks).evaluate(loaded.objects(), Inventory.of(loaded.objects()));
        return new LintRun(evaluation.reported(), evaluation.exempted(), loaded.errors(), evaluation.failures(),
                loaded.objects().size(), checks, failOn);
    }
}
