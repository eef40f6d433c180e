package dev.palisade.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code palisade serve}: the validating admission webhook. Only plain option fields here, and one call into
 * {@code dev.palisade.admission}: Spring is loaded when this command runs and never for the other commands.
 */
@Command(name = "serve",
        description = {"Serve the validating admission webhook over HTTPS: POST /validate (AdmissionReview admission.k8s.io/v1),",
                "/actuator/health/readiness, /actuator/health/liveness, /actuator/prometheus.",
                "With an empty or missing certificate folder a development CA and serving pair are generated there."},
        mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8443", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--address", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--certs", defaultValue = "certs", description = "Certificate folder: tls.crt, tls.key (and ca.crt); reloaded when they change (default: ${DEFAULT-VALUE}).")
    Path certs;

    @Option(names = {"-c", "--config"}, description = "Configuration file, the linter's format plus an admission: section (default: .palisade.yaml when present).")
    Path config;

    @Option(names = "--offline", description = "Run without a cluster: the live NetworkPolicy coverage check is skipped, with a warning in each response.")
    boolean offline;

    @Option(names = "--namespace", description = "The webhook's own namespace, exempt by default (default: $POD_NAMESPACE, else palisade).")
    String namespace;

    @Option(names = "--log-format", defaultValue = "json", description = "json (structured, with the request uid) or text (default: ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--reload-seconds", defaultValue = "5", description = "How often the certificate folder is checked for a rotated pair (default: ${DEFAULT-VALUE}).")
    int reloadSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (!logFormat.equals("json") && !logFormat.equals("text")) {
            throw new IllegalArgumentException("--log-format must be json or text, not \"" + logFormat + "\"");
        }
        if (port < 0 || port > 65535 || reloadSeconds < 1) {
            throw new IllegalArgumentException("--port must be 0..65535 and --reload-seconds at least 1");
        }
        String own = namespace != null ? namespace : System.getenv().getOrDefault("POD_NAMESPACE", "palisade");
        return dev.palisade.admission.WebhookCommandLine.serve(address, port, certs, config, offline, own, logFormat, reloadSeconds);
    }
}
