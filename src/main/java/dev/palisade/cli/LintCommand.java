package dev.palisade.cli;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Profiles;
import dev.palisade.engine.Severity;
import dev.palisade.lint.Linter;
import dev.palisade.report.LintRun;
import dev.palisade.report.ReportFormat;
import dev.palisade.schema.KubernetesRelease;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "lint",
        description = {"Lint Kubernetes YAML or JSON: files, folders (recursive .yaml/.yml/.json) and - for stdin.",
                "Multi-document YAML, List and *List objects, and the output of `helm template` and `kustomize build` are read as they are.",
                "",
                "Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or configuration errors,"
                        + " unreadable input (the readable files are still linted and reported) or a check that failed."},
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class LintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, folders, or - for stdin.")
    List<String> paths;

    @Option(names = {"-f", "--format"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text, json, sarif (GitHub code scanning), junit (CI test reports) or html (one self-contained page to open)."
                    + " Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit 1 on findings at or above this severity: critical, high, medium, low, info. Default: the config's failOn, else high.")
    String failOn;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "all (every enabled check), baseline or restricted (Pod Security Standards levels). Default: the config's profile, else all.")
    String profile;

    @Option(names = "--check", split = ",", paramLabel = "ID",
            description = "Run only these checks (repeat or separate with commas). Default: every enabled check of the profile.")
    List<String> onlyChecks;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file. Default: .palisade.yaml in the working directory, when present.")
    Path config;

    @Option(names = "--kubernetes-version", paramLabel = "VERSION",
            description = "The Kubernetes release the manifests target (schemas, removed and deprecated APIs), e.g. 1.33."
                    + " Default: the config's kubernetes.version, else 1.37.")
    String kubernetesVersion;

    @Option(names = "--crd", paramLabel = "FOLDER",
            description = "A folder of CustomResourceDefinitions (repeatable): custom resources of the input are validated"
                    + " against their schemas. CRDs in the input are used too.")
    List<Path> crdFolders = new java.util.ArrayList<>();

    @Option(names = "--no-color", description = "Never colour the text output (colour is used only on a terminal, and never when NO_COLOR is set).")
    boolean noColor;

    @Override
    public Integer call() {
        Invocation invocation = Invocation.of(spec);
        ReportFormat reportFormat = ReportFormat.parse(format);
        Severity threshold = failOn == null ? null : Severity.parse(failOn);
        if (kubernetesVersion != null) {
            KubernetesRelease.parse(kubernetesVersion); // a usage error before anything is read
        }
        PalisadeConfig palisadeConfig = PalisadeConfig.load(config, invocation.workingDirectory())
                .withKubernetes(kubernetesVersion, crdFolders.stream().map(f -> invocation.workingDirectory().resolve(f)).toList());
        Linter linter = new Linter(palisadeConfig, profile == null ? null : Profiles.parse(profile), threshold);
        if (onlyChecks != null && !onlyChecks.isEmpty()) {
            linter = linter.only(onlyChecks);
        }
        LintRun run = linter.lint(paths, invocation.in());
        reportFormat.write(run, invocation.out(), !noColor && invocation.terminal(), invocation.workingDirectory());
        invocation.out().flush();
        if (run.objects() == 0 && run.inputErrors().isEmpty()) {
            // Exit 0 is right, but a CI gate pointed at the wrong folder should not pass unnoticed.
            invocation.err().println("palisade: warning: no Kubernetes objects found in " + String.join(" ", paths));
        }
        if (reportFormat != ReportFormat.TEXT) {
            // Machine formats keep stdout parseable; people still see why the run failed.
            run.inputErrors().forEach(e -> invocation.err().println("error " + e));
            run.failures().forEach(e -> invocation.err().println("error " + e));
        }
        return run.exitCode();
    }
}
