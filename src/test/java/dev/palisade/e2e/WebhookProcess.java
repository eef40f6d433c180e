package dev.palisade.e2e;

import dev.palisade.testing.TrustOnly;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code palisade serve} as a real process on a loopback port chosen once, so that it can be stopped and started
 * again behind the same registration. Its certificates come from {@code palisade certs}, whose stdout is the caBundle
 * the registration carries; the cluster is reached through a kubeconfig (normally the webhook identity, which holds
 * only the chart's RBAC).
 */
public final class WebhookProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Path folder;
    private final Path certificates;
    private final Path config;
    private final Path kubeconfig;
    private final int port;
    private final String caBundle;
    private final X509Certificate ca;
    private final HttpClient http;
    private ManagedProcess process;

    private WebhookProcess(String name, Path folder, Path config, Path kubeconfig) throws IOException {
        this.name = name;
        this.folder = folder;
        this.certificates = folder.resolve("certs");
        this.config = config;
        this.kubeconfig = kubeconfig;
        this.port = TestCluster.freePorts(1)[0];
        Files.createDirectories(folder);
        WebhookCertificates issued = WebhookCertificates.issue(certificates);
        this.caBundle = issued.caBundle();
        this.ca = issued.ca();
        this.http = HttpClient.newBuilder().sslContext(TrustOnly.of(List.of(ca))).connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** Prepares (certificates, port) without starting; {@link #start()} starts. */
    public static WebhookProcess prepare(String name, Path folder, Path config, Path kubeconfig) {
        try {
            return new WebhookProcess(name, folder, config, kubeconfig);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + name + " in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** https://127.0.0.1:PORT/validate: the URL form of {@code clientConfig}. */
    public String url() {
        return "https://127.0.0.1:" + port + "/validate";
    }

    /** What {@code palisade certs} printed: base64 of the CA's PEM. */
    public String caBundle() {
        return caBundle;
    }

    public Path certificates() {
        return certificates;
    }

    public X509Certificate ca() {
        return ca;
    }

    /** Starts {@code palisade serve} and returns once its liveness answers (readiness may still wait for the cluster). */
    public WebhookProcess start() {
        process = PalisadeProcess.start(name, Map.of("KUBECONFIG", kubeconfig.toString()), folder.resolve(name + ".log"),
                "serve", "--address", "127.0.0.1", "--port", String.valueOf(port), "--certs", certificates.toString(),
                "--config", config.toString(), "--namespace", TestCluster.WEBHOOK_NAMESPACE, "--log-format", "text",
                "--reload-seconds", "1");
        await("/actuator/health/liveness", answer -> answer.statusCode() == 200, START_TIMEOUT);
        return this;
    }

    /** Starts and waits for readiness: the caches are listed. */
    public WebhookProcess startReady() {
        start();
        awaitReady(START_TIMEOUT);
        return this;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> readiness() {
        try {
            return get("/actuator/health/readiness");
        } catch (IOException e) {
            throw new IllegalStateException(name + " does not answer on port " + port + ": " + e + "; log:\n" + process.tail(20), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void awaitReady(Duration timeout) {
        await("/actuator/health/readiness", answer -> answer.statusCode() == 200, timeout);
    }

    /** Polls {@code path} every 200 ms until {@code accepted} or the timeout; fails with the last answer and the log. */
    public HttpResponse<String> await(String path, Predicate<HttpResponse<String>> accepted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            process.assertAlive();
            try {
                HttpResponse<String> answer = get(path);
                if (accepted.test(answer)) {
                    return answer;
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            TestCluster.sleep(200);
        }
        throw new AssertionError(name + " " + path + " not as expected within " + timeout.toSeconds() + " s; last answer: "
                + last + "\nlast lines of " + process.log() + ":\n" + process.tail(30));
    }

    /** A counter or gauge from /actuator/prometheus, summed over the series whose labels contain every filter. */
    public double metric(String name, String... labelFilters) {
        HttpResponse<String> answer;
        try {
            answer = get("/actuator/prometheus");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot read metrics of " + this.name + ": " + e, e);
        }
        double sum = 0;
        for (String line : answer.body().lines().toList()) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                boolean matches = true;
                for (String filter : labelFilters) {
                    matches &= line.contains(filter);
                }
                if (matches) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
    }

    public String logTail(int lines) {
        return process.tail(lines);
    }

    /** SIGKILL: the webhook is down, as after a crash. */
    public void kill() {
        process.kill();
    }

    public boolean running() {
        return process != null && process.alive();
    }

    /** SIGTERM (graceful shutdown), SIGKILL after a grace period. */
    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
