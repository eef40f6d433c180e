package dev.palisade.cli;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Profiles;
import dev.palisade.engine.Severity;
import dev.palisade.lint.Linter;
import dev.palisade.report.LintRun;
import dev.palisade.report.ReportFormat;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lint",
        description = {"Lint Kubernetes YAML or JSON: files, folders (recursive .yaml/.yml/.json) and - for stdin.",
                "Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or input errors."},
        mixinStandardHelpOptions = true)
final class LintCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, folders, or - for stdin.")
    List<String> paths;

    @Option(names = {"-f", "--format"}, defaultValue = "text", description = "text, json, sarif or junit (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--fail-on", description = "Exit 1 on findings at or above this severity: critical, high, medium, low, info (default: the config's failOn, else high).")
    String failOn;

    @Option(names = "--profile", description = "all (every enabled check), baseline or restricted (Pod Security Standards levels). Default: the config's profile, else all.")
    String profile;

    @Option(names = {"-c", "--config"}, description = "Configuration file (default: .palisade.yaml in the working directory, when present).")
    Path config;

    @Option(names = "--no-color", description = "Never colour the text output (colour is used only on a terminal, and never when NO_COLOR is set).")
    boolean noColor;

    @Override
    public Integer call() {
        ReportFormat reportFormat = ReportFormat.parse(format);
        PalisadeConfig palisadeConfig = PalisadeConfig.load(config);
        Linter linter = new Linter(palisadeConfig,
                profile == null ? null : Profiles.parse(profile),
                failOn == null ? null : Severity.parse(failOn));
        LintRun run = linter.lint(paths, System.in);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        reportFormat.write(run, out, !noColor && Terminal.colour());
        out.flush();
        if (reportFormat != ReportFormat.TEXT) {
            // Machine formats keep stdout parseable; people still see why the run failed.
            run.inputErrors().forEach(e -> System.err.println("error " + e));
            run.failures().forEach(e -> System.err.println("error " + e));
        }
        return run.exitCode();
    }
}
