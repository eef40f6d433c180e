package dev.palisade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.CatalogueException;
import dev.palisade.netpol.ClusterSnapshot;
import dev.palisade.netpol.ConnectivityMatrix;
import dev.palisade.netpol.MatrixWriter;
import dev.palisade.netpol.PodEndpoint;
import dev.palisade.netpol.PolicyModel;
import dev.palisade.netpol.ProbePort;
import dev.palisade.source.ManifestLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code palisade netpol}: questions about the network-policy model of a set of manifests. */
@Command(name = "netpol",
        description = "Network policy: who may talk to whom, as the model (Kubernetes + Calico policies) computes it.",
        mixinStandardHelpOptions = true,
        subcommands = {NetpolCommand.Matrix.class})
public final class NetpolCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (matrix; see --help)");
    }

    @Command(name = "matrix",
            description = {"The allowed/denied table for every ordered pair of pods (or workload pod templates) in the input, per port.",
                    "Exit codes: 0 done, 2 usage errors, unreadable input, or policies that could not be fully read (the table is still printed)."},
            mixinStandardHelpOptions = true)
    static final class Matrix implements Callable<Integer> {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, folders, or - for stdin.")
        List<String> paths;

        @Option(names = "--port", paramLabel = "PORT[/PROTO]", description = "A port to probe, e.g. 80/TCP, 53/UDP (repeatable; default: every port the pods declare, else 80/TCP).")
        List<String> ports = new ArrayList<>();

        @Option(names = {"-f", "--format"}, defaultValue = "text", description = "text (a grid), json, or html (a colour map; click a cell for its explanation). Default: ${DEFAULT-VALUE}.")
        String format;

        @Option(names = "--explain", arity = "3", paramLabel = "ARG", description = "FROM TO PORT: explain one cell (FROM and TO as namespace/name, PORT as 80/TCP).")
        List<String> explain;

        @Option(names = "--pod-cidr", paramLabel = "CIDR", description = {"A pod CIDR of the cluster (repeatable; default: networkPolicy.podCidrs of the config).",
                "Workload templates have no IP: an ipBlock holding every pod CIDR matches them, one disjoint from all does not,",
                "anything else (or no pod CIDR known) depends on the address, shown as ?."})
        List<String> podCidrs = new ArrayList<>();

        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "Configuration file. Default: .palisade.yaml in the working directory, when present.")
        Path config;

        @Override
        public Integer call() {
            if (!format.equals("text") && !format.equals("json") && !format.equals("html")) {
                throw new IllegalArgumentException("unknown format \"" + format + "\": use text, json or html");
            }
            List<ProbePort> probes = ports.stream().map(ProbePort::parse).distinct().toList();
            Invocation invocation = Invocation.of(spec);
            List<String> cidrs = podCidrs.isEmpty() ? configuredPodCidrs(PalisadeConfig.load(config, invocation.workingDirectory())) : podCidrs;
            ManifestLoader.Result loaded = new ManifestLoader().load(paths, invocation.in(), p -> false);
            PolicyModel model = PolicyModel.of(ClusterSnapshot.fromObjects(loaded.objects(), cidrs));
            // The root command routes picocli's writers to the invocation's streams (tests pass buffers).
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (explain != null) {
                PodEndpoint from = pod(model, explain.get(0));
                PodEndpoint to = pod(model, explain.get(1));
                MatrixWriter.explain(model, from, to, ProbePort.parse(explain.get(2)), out);
            } else {
                ConnectivityMatrix matrix = ConnectivityMatrix.compute(model,
                        probes.isEmpty() ? ConnectivityMatrix.declaredPorts(model) : probes);
                if (format.equals("json")) {
                    MatrixWriter.json(matrix, out);
                } else if (format.equals("html")) {
                    MatrixWriter.html(matrix, out);
                } else {
                    MatrixWriter.text(matrix, out);
                }
            }
            out.flush();
            loaded.errors().forEach(e -> err.println("error " + e));
            model.errors().forEach(e -> err.println("error " + e));
            model.snapshot().warnings().forEach(w -> err.println("warning " + w));
            err.flush();
            return loaded.errors().isEmpty() && model.errors().isEmpty() ? 0 : 2;
        }

        /** {@code networkPolicy.podCidrs} of the config: a list of CIDRs. */
        private static List<String> configuredPodCidrs(PalisadeConfig config) {
            JsonNode node = config.section("networkPolicy").path("podCidrs");
            List<String> cidrs = new ArrayList<>();
            if (node.isMissingNode() || node.isNull()) {
                return cidrs;
            }
            if (!node.isArray()) {
                throw new CatalogueException("config " + config.source() + ": networkPolicy.podCidrs must be a list of CIDRs, e.g. [10.244.0.0/16]");
            }
            node.forEach(cidr -> cidrs.add(cidr.asText()));
            return cidrs;
        }

        private static PodEndpoint pod(PolicyModel model, String key) {
            return model.pod(key).orElseThrow(() -> new IllegalArgumentException("no pod or workload \"" + key
                    + "\" in the input (write namespace/name; known: " + String.join(", ",
                    model.pods().stream().limit(10).map(PodEndpoint::key).toList()) + (model.pods().size() > 10 ? ", ..." : "") + ")"));
        }
    }
}
