package dev.palisade.cli;

import dev.palisade.tls.CertificateFiles;
import dev.palisade.tls.CertificateIssuer;
import dev.palisade.tls.CertificateSet;
import dev.palisade.tls.DevelopmentCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code palisade certs}: a private CA and a serving certificate for the webhook's Service, written as a TLS Secret
 * would hold them; prints the caBundle for the ValidatingWebhookConfiguration on stdout (and the rest on stderr, so
 * that {@code CA_BUNDLE=$(palisade certs)} works).
 */
@Command(name = "certs",
        description = {"Create a CA and a serving certificate for the webhook Service (NAME.NAMESPACE.svc and its other forms,",
                "plus localhost, 127.0.0.1 and ::1) under --out: ca.crt, ca.key, tls.crt, tls.key. Prints the caBundle on stdout."},
        mixinStandardHelpOptions = true)
final class CertsCommand implements Callable<Integer> {

    @Option(names = "--service", defaultValue = DevelopmentCertificates.DEFAULT_SERVICE, description = "The webhook Service's name (default: ${DEFAULT-VALUE}).")
    String service;

    @Option(names = "--namespace", defaultValue = DevelopmentCertificates.DEFAULT_NAMESPACE, description = "The Service's namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--out", defaultValue = "certs", description = "Folder to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--dns", description = "Another DNS name for the certificate (repeatable).")
    List<String> dns = new ArrayList<>();

    @Option(names = "--ip", description = "Another literal IP address for the certificate (repeatable).")
    List<String> ips = new ArrayList<>();

    @Option(names = "--days", defaultValue = "365", description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--force", description = "Replace certificates already in the folder.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!service.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || !namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IllegalArgumentException("--service and --namespace must be DNS labels (lower-case letters, digits, dashes)");
        }
        if (days < 1 || days > 3650) {
            throw new IllegalArgumentException("--days must be between 1 and 3650");
        }
        Invocation invocation = Invocation.of(spec);
        Path folder = invocation.workingDirectory().resolve(out);
        CertificateFiles files = new CertificateFiles(folder);
        if (!force && (!files.absent() || Files.exists(files.ca()))) {
            throw new IllegalArgumentException(folder + " already holds certificates; use --force to replace them");
        }
        List<String> ipAddresses = new ArrayList<>(List.of("127.0.0.1", "::1"));
        ipAddresses.addAll(ips);
        List<String> names = DevelopmentCertificates.dnsNames(service, namespace, dns);
        CertificateSet set = new CertificateIssuer().issue(service + "." + namespace + ".svc", names, ipAddresses, Duration.ofDays(days));
        files.write(set);
        invocation.err().printf("wrote %s, %s, %s and %s (valid %d days)%nDNS names: %s; IP addresses: %s%n",
                files.ca(), folder.resolve(CertificateFiles.CA_KEY), files.certificate(), files.key(), days,
                String.join(", ", names), String.join(", ", ipAddresses));
        invocation.err().println("caBundle for the ValidatingWebhookConfiguration (clientConfig.caBundle), on stdout:");
        invocation.out().println(CertificateFiles.caBundle(set.ca()));
        invocation.out().flush();
        return 0;
    }
}
