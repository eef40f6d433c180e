package dev.palisade.cli;

import dev.palisade.audit.ClusterAudit;
import dev.palisade.audit.ClusterLister;
import dev.palisade.audit.ClusterReadException;
import dev.palisade.audit.PolicyReportWriter;
import dev.palisade.audit.PolicyReports;
import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Profiles;
import dev.palisade.engine.Severity;
import dev.palisade.lint.Linter;
import dev.palisade.report.LintRun;
import dev.palisade.report.ReportFormat;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit",
        description = {"Audit a live cluster: the lint checks on what the API server holds, read through a kubeconfig"
                + " (workloads, Pods, roles and bindings, NetworkPolicies, Services, ServiceAccounts, PodDisruptionBudgets,"
                + " HorizontalPodAutoscalers; never Secrets). Locations are cluster:Kind/namespace/name.",
                "Objects a controller owns (a Deployment's ReplicaSets and Pods) are judged through their owner.",
                "",
                "Exit codes: as lint: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or"
                        + " configuration errors, a cluster that cannot be read whole, or a check that failed."},
        mixinStandardHelpOptions = true,
        sortOptions = false)
final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig file. Default: KUBECONFIG, else ~/.kube/config, else in-cluster.")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context. Default: the current context.")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "Judge only this namespace's objects (cluster-scoped roles are still read for context). Default: every namespace and cluster-scoped objects.")
    String namespace;

    @Option(names = {"-f", "--format"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text, json, sarif, junit or html, as lint. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit 1 on findings at or above this severity. Default: the config's failOn, else high.")
    String failOn;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "all, baseline or restricted. Default: the config's profile, else all.")
    String profile;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file. Default: .palisade.yaml in the working directory, when present.")
    Path config;

    @Option(names = "--write-reports",
            description = "Also write the results as wgpolicyk8s.io/v1alpha2 PolicyReports (per namespace) and a ClusterPolicyReport,"
                    + " updated in place, as palisade serve's background audit does.")
    boolean writeReports;

    @Option(names = "--no-color", description = "Never colour the text output.")
    boolean noColor;

    @Override
    public Integer call() {
        Invocation invocation = Invocation.of(spec);
        ReportFormat reportFormat = ReportFormat.parse(format);
        Severity threshold = failOn == null ? null : Severity.parse(failOn);
        PalisadeConfig palisadeConfig = PalisadeConfig.load(config, invocation.workingDirectory());
        Linter linter = new Linter(palisadeConfig, profile == null ? null : Profiles.parse(profile), threshold);
        ClusterAudit audit = new ClusterAudit(linter.checks(), threshold != null ? threshold : palisadeConfig.failOn());
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig(invocation)).build()) {
            ClusterLister.Listing listing = new ClusterLister(client).list(namespace);
            LintRun run = audit.run(listing, namespace);
            reportFormat.write(run, invocation.out(), !noColor && invocation.terminal(), invocation.workingDirectory());
            invocation.out().flush();
            if (reportFormat != ReportFormat.TEXT) {
                run.failures().forEach(e -> invocation.err().println("error " + e));
            }
            if (!listing.notServed().isEmpty()) {
                invocation.err().println("palisade: the API server does not serve " + String.join(", ", listing.notServed()) + "; not audited");
            }
            if (writeReports) {
                List<PolicyReports.Report> reports = PolicyReports.build(run, audit.judged(listing, namespace), Instant.now());
                PolicyReportWriter.Outcome outcome = new PolicyReportWriter(client).reconcile(reports, namespace);
                invocation.err().println("palisade: PolicyReports: " + outcome);
            }
            return run.exitCode();
        } catch (ClusterReadException e) {
            invocation.err().println("palisade: " + e.getMessage());
            return 2;
        }
    }

    private Config clientConfig(Invocation invocation) {
        if (kubeconfig == null) {
            return Config.autoConfigure(context);
        }
        Path file = invocation.workingDirectory().resolve(kubeconfig);
        try {
            return Config.fromKubeconfig(context, Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("--kubeconfig " + kubeconfig + ": cannot read: " + e.getMessage());
        }
    }
}
