package dev.palisade.e2e;

import dev.palisade.tls.CertificateFiles;
import dev.palisade.tls.CertificateIssuer;
import dev.palisade.tls.CertificateSet;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane on loopback for end-to-end tests: etcd and kube-apiserver (built from Go modules
 * by {@code test-cluster/build}), no controller manager, scheduler or kubelet. The API server has its own serving
 * certificate (a private CA), token authentication from a token file, RBAC authorization, service-account keys,
 * {@code --endpoint-reconciler-type none} (a loopback advertise address is refused otherwise) and
 * {@code --allow-privileged} (else its own validation refuses a privileged pod before any webhook sees it).
 *
 * <p>Identities: {@link #admin()} (group system:masters); {@link #webhook()}, the chart's ServiceAccount
 * {@code palisade/palisade} with exactly the chart's RBAC ({@link ChartRbac}); {@link #ungrantedWebhook()}, the
 * ServiceAccount {@code palisade-late/palisade-late} (the chart installed as release palisade-late) with no grant until a test gives it one.
 *
 * <p>One cluster serves the whole test run: tests get it through {@link ApiServerTest} (started on first use, stopped
 * at the end of the run, every process by PID, also when a test fails or the run is aborted). Ports are free ones
 * picked at start. Without a controller manager nothing reconciles: a namespace's {@code default} ServiceAccount is
 * created by {@link #createNamespace}, Deployments make no Pods, and deleted namespaces stay Terminating, so tests use
 * namespaces of their own.
 */
public final class TestCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TestCluster.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    public static final String WEBHOOK_RELEASE = "palisade";
    public static final String WEBHOOK_NAMESPACE = "palisade";
    public static final String UNGRANTED_RELEASE = "palisade-late";

    private final TestClusterBinaries binaries;
    private final Path folder;
    private final Path pki;
    private final CertificateSet serving;
    private final Identity admin;
    private final Identity webhook;
    private final Identity ungrantedWebhook;
    private final int etcdPort;
    private final int etcdPeerPort;
    private final int apiPort;
    private final Duration startTime;
    private ManagedProcess etcd;
    private ManagedProcess apiServer;
    private KubernetesClient adminClient;

    private TestCluster(TestClusterBinaries binaries, Path folder) throws IOException {
        long started = System.nanoTime();
        this.binaries = binaries;
        this.folder = folder;
        this.pki = folder.resolve("pki");
        this.serving = new CertificateIssuer().issue("kube-apiserver",
                List.of("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"), List.of("127.0.0.1"), Duration.ofDays(2));
        new CertificateFiles(pki).write(serving);
        writeServiceAccountKey(pki.resolve("service-account.key"));
        this.admin = new Identity(token(), "e2e-admin", List.of("system:masters"));
        this.webhook = Identity.serviceAccount(token(), WEBHOOK_NAMESPACE, "palisade");
        this.ungrantedWebhook = Identity.serviceAccount(token(), UNGRANTED_RELEASE, UNGRANTED_RELEASE);
        Files.writeString(pki.resolve("tokens.csv"), String.join("\n",
                admin.tokenFileLine(), webhook.tokenFileLine(), ungrantedWebhook.tokenFileLine()) + "\n");
        int[] ports = freePorts(3);
        this.etcdPort = ports[0];
        this.etcdPeerPort = ports[1];
        this.apiPort = ports[2];
        startEtcd();
        startApiServer();
        adminClient = client(admin);
        for (String namespace : List.of(WEBHOOK_NAMESPACE, UNGRANTED_RELEASE)) {
            createNamespace(namespace, Map.of());
        }
        ChartRbac.grant(adminClient, WEBHOOK_RELEASE, WEBHOOK_NAMESPACE);
        this.startTime = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("test cluster: kube-apiserver on {} ready in {} ms (etcd on 127.0.0.1:{}; logs in {})", url(),
                startTime.toMillis(), etcdPort, folder);
    }

    /** Builds (or finds) the binaries and starts a cluster whose files live under {@code folder}. */
    public static TestCluster start(Path folder) {
        try {
            Files.createDirectories(folder);
            return new TestCluster(TestClusterBinaries.locate(), folder);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the test cluster in " + folder + ": " + e.getMessage(), e);
        }
    }

    // ---- what tests use

    public String url() {
        return "https://127.0.0.1:" + apiPort;
    }

    public X509Certificate ca() {
        return serving.ca();
    }

    public Identity admin() {
        return admin;
    }

    public Identity webhook() {
        return webhook;
    }

    public Identity ungrantedWebhook() {
        return ungrantedWebhook;
    }

    /** Time from the start of the fixture to a ready API server with the chart's RBAC in place. */
    public Duration startTime() {
        return startTime;
    }

    /** The shared admin client (do not close it). */
    public KubernetesClient adminClient() {
        return adminClient;
    }

    /** A new client (the caller closes it) for an identity of the token file. */
    public KubernetesClient client(Identity identity) {
        return new KubernetesClientBuilder().withConfig(config(identity).build()).build();
    }

    /** A new admin client that impersonates {@code user} in {@code groups} (the webhook sees that user). */
    public KubernetesClient impersonating(String user, String... groups) {
        return new KubernetesClientBuilder().withConfig(config(admin).withImpersonateUsername(user)
                .withImpersonateGroups(groups).build()).build();
    }

    private ConfigBuilder config(Identity identity) {
        return new ConfigBuilder(Config.empty()).withMasterUrl(url())
                .withCaCertData(CertificateFiles.caBundle(serving.ca()))
                .withOauthToken(identity.token()).withRequestRetryBackoffLimit(2).withRequestTimeout(30_000);
    }

    /** A kubeconfig file for the identity, as kubectl and {@code palisade serve} read it. */
    public Path kubeconfig(Identity identity) {
        Path file = folder.resolve("kubeconfig-" + identity.user().replaceAll("[^a-zA-Z0-9-]", "_") + ".yaml");
        String ca = CertificateFiles.caBundle(serving.ca());
        String text = """
                apiVersion: v1
                kind: Config
                clusters: [{name: e2e, cluster: {server: "%s", certificate-authority-data: %s}}]
                users: [{name: e2e, user: {token: "%s"}}]
                contexts: [{name: e2e, context: {cluster: e2e, user: e2e}}]
                current-context: e2e
                """.formatted(url(), ca, identity.token());
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The namespace with its {@code default} ServiceAccount (no controller manager makes it), created if absent. */
    public Namespace createNamespace(String name, Map<String, String> labels) {
        Namespace namespace = adminClient.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata().build()).serverSideApply();
        adminClient.serviceAccounts().inNamespace(name).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("default").withNamespace(name).endMetadata().build()).serverSideApply();
        return namespace;
    }

    /** kubectl as {@code identity}, with {@code stdin}; bounded to a minute. */
    public CommandResult kubectl(Identity identity, String stdin, String... arguments) {
        List<String> command = new ArrayList<>(List.of(binaries.kubectl().toString(), "--kubeconfig", kubeconfig(identity).toString()));
        command.addAll(List.of(arguments));
        return CommandResult.run(command, stdin, Duration.ofMinutes(1));
    }

    /** Stops the API server (SIGTERM, graceful), keeping etcd and the port: {@link #startApiServer()} brings it back. */
    public void stopApiServer() {
        apiServer.close();
    }

    /** Starts the API server on the same port and data, and waits until it is ready. */
    public void startApiServer() {
        apiServer = ManagedProcess.start("kube-apiserver", apiServerCommand(), Map.of(), folder.resolve("kube-apiserver.log"));
        awaitReady(apiServer, "/readyz");
    }

    @Override
    public void close() {
        if (adminClient != null) {
            adminClient.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
        if (etcd != null) {
            etcd.close();
            deleteRecursively(folder.resolve("etcd"));
        }
    }

    /** etcd preallocates 64 MB of WAL: its data goes when the cluster does; the logs stay for a failed run's reader. */
    private static void deleteRecursively(Path path) {
        try (var files = Files.walk(path)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", path, e.getMessage());
        }
    }

    // ---- start-up

    private void startEtcd() {
        String client = "http://127.0.0.1:" + etcdPort;
        String peer = "http://127.0.0.1:" + etcdPeerPort;
        etcd = ManagedProcess.start("etcd", List.of(binaries.etcd().toString(), "--name", "e2e",
                "--data-dir", folder.resolve("etcd").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "e2e=" + peer,
                "--unsafe-no-fsync", "--log-level", "warn"), Map.of(), folder.resolve("etcd.log"));
        awaitHttp(etcd, URI.create(client + "/health"), HttpClient.newHttpClient(), false);
    }

    private List<String> apiServerCommand() {
        return List.of(binaries.kubeApiServer().toString(),
                "--etcd-servers", "http://127.0.0.1:" + etcdPort,
                "--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1", "--secure-port", String.valueOf(apiPort),
                "--tls-cert-file", pki.resolve(CertificateFiles.CERTIFICATE).toString(),
                "--tls-private-key-file", pki.resolve(CertificateFiles.KEY).toString(),
                "--token-auth-file", pki.resolve("tokens.csv").toString(),
                "--authorization-mode", "RBAC",
                "--service-account-issuer", "https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file", pki.resolve("service-account.key").toString(),
                "--service-account-signing-key-file", pki.resolve("service-account.key").toString(),
                "--service-cluster-ip-range", "10.96.0.0/16",
                "--endpoint-reconciler-type", "none",
                "--allow-privileged",
                "--profiling=false",
                "--cert-dir", folder.resolve("apiserver-certs").toString());
    }

    private void awaitReady(ManagedProcess process, String path) {
        HttpClient http = HttpClient.newBuilder().sslContext(dev.palisade.testing.TrustOnly.of(List.of(serving.ca()))).connectTimeout(Duration.ofSeconds(2)).build();
        awaitHttp(process, URI.create(url() + path), http, true);
    }

    private void awaitHttp(ManagedProcess process, URI uri, HttpClient http, boolean authenticated) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            process.assertAlive();
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
                if (authenticated) {
                    request.header("Authorization", "Bearer " + admin.token());
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body().lines().filter(l -> l.contains("failed")).toList();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + process, e);
            }
            sleep(100);
        }
        throw new IllegalStateException(process + " not ready at " + uri + " within " + READY_TIMEOUT.toSeconds() + " s (last: "
                + last + "); last lines of " + process.log() + ":\n" + process.tail(30));
    }

    private static void writeServiceAccountKey(Path file) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] key = generator.generateKeyPair().getPrivate().getEncoded();
            Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key) + "\n-----END PRIVATE KEY-----\n");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the service-account key: " + e.getMessage(), e);
        }
    }

    private static String token() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Distinct free ports, held together while chosen so that none is picked twice. */
    static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port: " + e.getMessage(), e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // only a probe
                }
            }
        }
    }

    static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
