package dev.palisade.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.e2e.ApiServerTest;
import dev.palisade.e2e.Eventually;
import dev.palisade.e2e.TestCluster;
import dev.palisade.tls.CertificateFiles;
import dev.palisade.tls.CertificateIssuer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart on the real kube-apiserver of the end-to-end tests (test-cluster/): every object helm renders is
 * server-side applied with strict field validation and read back, and the installed webhook configuration denies the
 * insecure example through the API server, served by the webhook image's own files.
 *
 * <p>The webhook runs as the chart's Deployment says, as a kubelet would start it: the image unpacked and its
 * entrypoint run with the container's args and env, as the pod's user, on a read-only root, with the Secret,
 * ConfigMap and emptyDir volumes at their mount paths (their contents read back from the API server) and the
 * ServiceAccount's token (a TokenRequest) where a pod finds it, so that it reaches the API server in-cluster with
 * exactly the chart's RBAC. Two things stand in for the node, which this cluster has none of (no kubelet, no
 * kube-proxy): the webhook listens on 127.0.0.1 (it shares the host's network, and packets stay on loopback), and the
 * webhook's Service is replaced by an ExternalName Service of the same name pointing at 127.0.0.1, which the API
 * server resolves as it resolves a ClusterIP, so that it still calls the chart's Service reference, verifies the
 * chart's certificate for {@code SERVICE.NAMESPACE.svc} against the chart's caBundle, and uses the chart's port.
 */
@ImageTest
@ApiServerTest
class ChartOnApiServerTest {
    private static final String RELEASE = "chart-e2e";
    private static final String NAMESPACE = "chart-e2e";
    private static final String FULLNAME = RELEASE + "-palisade";
    /** Only namespaces with this label are judged by the installed webhook, so that no other test's writes are. */
    private static final String SUITE_LABEL = "e2e.palisade.dev/suite";
    private static final String SUITE = "chart";
    private static final String PROBE_NAMESPACE = "chart-e2e-probe";
    private static final String TOKEN_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
    /** Kinds of CRDs this cluster does not serve (cert-manager, Prometheus Operator): their objects cannot be applied. */
    private static final Set<String> WITHOUT_CRDS = Set.of("cert-manager.io/v1", "monitoring.coreos.com/v1");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @TempDir
    static Path work;
    static ImageRoot root;
    static TestCluster cluster;
    static final List<HasMetadata> installed = new ArrayList<>();

    @BeforeAll
    static void unpackAndPrepare(TestCluster testCluster) throws IOException {
        cluster = testCluster;
        OciImage image = OciImage.open(OciImage.WEBHOOK, Files.createDirectory(work.resolve("layout")));
        root = new ImageRoot(image, image.unpack(Files.createDirectory(work.resolve("root"))));
        cluster.createNamespace(NAMESPACE, Map.of());
        cluster.createNamespace("chart-modes", Map.of());
        cluster.createNamespace(PROBE_NAMESPACE, Map.of(SUITE_LABEL, SUITE));
    }

    @AfterAll
    static void removeImage() {
        Command.removeTree(work.resolve("root"));
    }

    /** As helm uninstall: the webhook configuration first, so that nothing else is judged by a webhook going away. */
    private static void uninstall(KubernetesClient admin) {
        for (HasMetadata object : installed.reversed()) {
            admin.resource(object).delete();
        }
        installed.clear();
    }

    @Test
    void everyObjectOfEachCertificateModeIsAcceptedByTheApiServersValidation() {
        KubernetesClient admin = cluster.adminClient();
        String caBundle = CertificateFiles.caBundle(new CertificateIssuer()
                .issue("chart-modes-palisade-webhook", List.of("chart-modes-palisade-webhook.chart-modes.svc"), List.of(), Duration.ofDays(1)).ca());
        Map<String, List<String>> modes = Map.of(
                "generate", List.of(),
                "secret", List.of("certificates.existingSecret=chart-modes-certs", "certificates.caBundle=" + caBundle),
                "cert-manager", List.of());
        for (var mode : modes.entrySet()) {
            List<String> sets = new ArrayList<>(List.of("certificates.source=" + mode.getKey(), "enforcer.enabled=true",
                    "serviceMonitor.enabled=true"));
            sets.addAll(mode.getValue());
            Set<String> skipped = new TreeSet<>();
            Set<String> accepted = new TreeSet<>();
            for (HasMetadata object : render(admin, "chart-modes", "chart-modes", sets)) {
                if (WITHOUT_CRDS.contains(object.getApiVersion())) {
                    skipped.add(object.getKind());
                    continue;
                }
                // A dry run: the API server validates, defaults and admits the object as if it were stored, and stores nothing.
                HasMetadata answer = admin.resource(object).dryRun().fieldValidation(Validation.STRICT).forceConflicts().serverSideApply();
                assertRenderedFieldsKept(object, answer, mode.getKey());
                accepted.add(object.getKind());
            }
            assertEquals(mode.getKey().equals("cert-manager") ? Set.of("Certificate", "Issuer", "PodMonitor", "ServiceMonitor")
                    : Set.of("PodMonitor", "ServiceMonitor"), skipped, "objects of CRDs this cluster lacks, mode " + mode.getKey());
            assertTrue(accepted.containsAll(Set.of("ConfigMap", "ClusterRole", "ClusterRoleBinding", "DaemonSet", "Deployment",
                    "NetworkPolicy", "PodDisruptionBudget", "Service", "ServiceAccount", "ValidatingWebhookConfiguration")),
                    "mode " + mode.getKey() + " accepted " + accepted);
            assertEquals(mode.getKey().equals("generate"), accepted.contains("Secret"), "the chart makes the Secret in mode generate only");
        }
    }

    @Test
    void theInstalledWebhookConfigurationDeniesTheInsecurePodThroughTheApiServer() throws Exception {
        KubernetesClient admin = cluster.adminClient();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        List<HasMetadata> objects = render(admin, RELEASE, NAMESPACE, List.of("port=" + port, "servicePort=" + port,
                "enforcer.enabled=true", "webhook.namespaceSelectorExpressions[0].key=" + SUITE_LABEL,
                "webhook.namespaceSelectorExpressions[0].operator=In", "webhook.namespaceSelectorExpressions[0].values[0]=" + SUITE));
        assertEquals("ValidatingWebhookConfiguration", objects.getLast().getKind(), "helm installs the webhook configuration last");

        try {
            installAndDeny(admin, objects, port);
        } finally {
            uninstall(admin);
        }
    }

    private static void installAndDeny(KubernetesClient admin, List<HasMetadata> objects, int port) throws Exception {
        // helm install, as server-side apply in helm's order; each object read back as the API server stored it.
        for (HasMetadata object : objects) {
            installed.add(object);
            admin.resource(object).fieldValidation(Validation.STRICT).forceConflicts().serverSideApply();
            HasMetadata stored = admin.resource(object).get();
            assertRenderedFieldsKept(object, stored, "install");
            if (object.getKind().equals("Service")) {
                routeServiceToLoopback(admin, object.getMetadata().getName(), port);
            }
        }

        Pod insecure = admin.getKubernetesSerialization().unmarshal(
                Files.readString(Command.PROJECT.resolve("examples/insecure-pod.yaml")), Pod.class);
        insecure.getMetadata().setNamespace(PROBE_NAMESPACE);
        // Failing example: installed but not yet running, failurePolicy Fail refuses what it cannot judge.
        KubernetesClientException unserved = refused(admin, insecure);
        assertTrue(unserved.getMessage().contains("failed calling webhook \"validate.palisade.dev\""), unserved.getMessage());

        Path log = work.resolve("webhook.log");
        Process webhook = startAsTheDeploymentSays(admin, log);
        try {
            KubernetesClientException denied = awaitDenial(admin, insecure, webhook, log);
            assertTrue(denied.getMessage().contains("admission webhook \"validate.palisade.dev\" denied the request"), denied.getMessage());
            assertTrue(denied.getMessage().contains("privileged"), denied.getMessage());
            assertEquals(null, admin.pods().inNamespace(PROBE_NAMESPACE).withName(insecure.getMetadata().getName()).get(), "not stored");

            // Passing example: the hardened Deployment is admitted and stored.
            HasMetadata hardened = admin.load(Files.newInputStream(Command.PROJECT.resolve("examples/hardened-deployment.yaml"))).items().getFirst();
            hardened.getMetadata().setNamespace(PROBE_NAMESPACE);
            admin.resource(hardened).create();
            assertTrue(admin.resource(hardened).get() != null, "the hardened Deployment is stored");

            String javaOptions = ((Deployment) stored(admin, "Deployment")).getSpec().getTemplate().getSpec().getContainers().getFirst()
                    .getEnv().stream().filter(e -> e.getName().equals("JDK_JAVA_OPTIONS")).findFirst().orElseThrow().getValue();
            assertTrue(Files.readString(log).contains("Picked up JDK_JAVA_OPTIONS: " + javaOptions),
                    "the chart's javaOptions reach the image's java launcher:\n" + tail(log));
        } finally {
            Command.stop(webhook);
        }
    }

    // ---- the chart

    /** helm template for the release with these --set values: the objects in helm's install order. */
    private static List<HasMetadata> render(KubernetesClient client, String release, String namespace, List<String> sets) {
        List<String> arguments = new ArrayList<>(List.of("template", release, Helm.CHART, "--namespace", namespace));
        for (String set : sets) {
            arguments.addAll(List.of("--set", set));
        }
        Command.Result helm = Helm.run(arguments);
        assertEquals(0, helm.exit(), helm.describe());
        return client.load(new ByteArrayInputStream(helm.out().getBytes(StandardCharsets.UTF_8))).items();
    }

    /**
     * Every field helm rendered is in what the API server answered, with the same value: nothing dropped, renamed or
     * changed by its validation (defaults it adds are fine).
     */
    private static void assertRenderedFieldsKept(HasMetadata rendered, HasMetadata answer, String what) {
        JsonNode want;
        JsonNode got;
        try {
            want = JSON.readTree(SERIALIZATION.asJson(rendered));
            got = JSON.readTree(SERIALIZATION.asJson(answer));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> differences = new ArrayList<>();
        compare(want, got, "", differences);
        assertEquals(List.of(), differences, what + ": " + rendered.getKind() + " " + rendered.getMetadata().getName());
    }

    private static void compare(JsonNode want, JsonNode got, String path, List<String> differences) {
        if (want.isObject()) {
            want.properties().forEach(field -> {
                JsonNode there = got.path(field.getKey());
                if (there.isMissingNode() && !field.getValue().isNull()) {
                    differences.add(path + "." + field.getKey() + " dropped");
                } else if (!there.isMissingNode()) {
                    compare(field.getValue(), there, path + "." + field.getKey(), differences);
                }
            });
        } else if (want.isArray()) {
            if (!got.isArray() || got.size() != want.size()) {
                differences.add(path + ": " + want + " became " + got);
                return;
            }
            for (int i = 0; i < want.size(); i++) {
                compare(want.get(i), got.get(i), path + "[" + i + "]", differences);
            }
        } else if (!want.asText().equals(got.asText())) {
            differences.add(path + ": " + want + " became " + got);
        }
    }

    /** The stand-in for kube-proxy: the Service of that name resolves to 127.0.0.1 for the API server. */
    private static void routeServiceToLoopback(KubernetesClient admin, String name, int port) {
        admin.services().inNamespace(NAMESPACE).withName(name).delete();
        Eventually.until("Service " + name + " deleted", Duration.ofSeconds(30),
                () -> admin.services().inNamespace(NAMESPACE).withName(name).get(), java.util.Objects::isNull);
        admin.resource(new ServiceBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName("127.0.0.1").addNewPort().withName("https")
                .withPort(port).endPort().endSpec().build()).create();
    }

    private static HasMetadata stored(KubernetesClient admin, String kind) {
        HasMetadata rendered = installed.stream().filter(o -> o.getKind().equals(kind)).findFirst().orElseThrow();
        return admin.resource(rendered).get();
    }

    // ---- the webhook, from the image's files, as the Deployment says

    private static Process startAsTheDeploymentSays(KubernetesClient admin, Path log) throws IOException {
        Deployment deployment = (Deployment) stored(admin, "Deployment");
        var pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().getFirst();
        List<String> volumes = new ArrayList<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
            Path folder = Files.createDirectories(work.resolve("volumes").resolve(volume.getName()));
            Map<String, String> files;
            if (volume.getSecret() != null) {
                Secret secret = admin.secrets().inNamespace(NAMESPACE).withName(volume.getSecret().getSecretName()).get();
                files = new java.util.TreeMap<>();
                secret.getData().forEach((key, value) -> files.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
            } else if (volume.getConfigMap() != null) {
                files = admin.configMaps().inNamespace(NAMESPACE).withName(volume.getConfigMap().getName()).get().getData();
            } else if (volume.getEmptyDir() != null) {
                files = Map.of();
                Files.setAttribute(folder, "unix:mode", 01777);
            } else {
                throw new AssertionError("a volume this test does not know how to provide: " + volume);
            }
            for (var file : files.entrySet()) {
                Files.writeString(folder.resolve(file.getKey()), file.getValue());
            }
            volumes.add(folder + ":" + mount.getMountPath() + (Boolean.TRUE.equals(mount.getReadOnly()) ? ":ro" : ""));
        }
        volumes.add(serviceAccountToken(admin, pod.getServiceAccountName()) + ":" + TOKEN_DIR + ":ro");

        List<String> env = new ArrayList<>();
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() == null) {
                env.add(variable.getName() + "=" + variable.getValue());
            } else if (variable.getValueFrom().getFieldRef() != null
                    && variable.getValueFrom().getFieldRef().getFieldPath().equals("metadata.namespace")) {
                env.add(variable.getName() + "=" + NAMESPACE);
            } else {
                throw new AssertionError("an env source this test does not know how to provide: " + variable);
            }
        }
        // What a kubelet adds for the in-cluster client: where the API server is.
        String apiServer = cluster.url().substring("https://".length());
        env.add("KUBERNETES_SERVICE_HOST=" + apiServer.substring(0, apiServer.lastIndexOf(':')));
        env.add("KUBERNETES_SERVICE_PORT=" + apiServer.substring(apiServer.lastIndexOf(':') + 1));

        PodSecurityContext security = pod.getSecurityContext();
        String user = security.getRunAsUser() + ":" + security.getRunAsGroup();
        assertEquals("65532:65532", user);
        assertTrue(Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem()), "image-run keeps the root read-only");
        List<String> arguments = new ArrayList<>(container.getArgs());
        arguments.add("--address=127.0.0.1");
        return root.start(user, volumes, env, arguments, log);
    }

    /** What the kubelet mounts for a pod's ServiceAccount: a bound token, the API server's CA and the namespace. */
    private static Path serviceAccountToken(KubernetesClient admin, String serviceAccount) throws IOException {
        Path folder = Files.createDirectories(work.resolve("serviceaccount"));
        String token = admin.serviceAccounts().inNamespace(NAMESPACE).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        Files.writeString(folder.resolve("token"), token);
        Files.write(folder.resolve("ca.crt"), Base64.getDecoder().decode(CertificateFiles.caBundle(cluster.ca())));
        Files.writeString(folder.resolve("namespace"), NAMESPACE);
        return folder;
    }

    // ---- through the API server

    private static KubernetesClientException refused(KubernetesClient admin, Pod pod) {
        try {
            admin.resource(pod).dryRun().create();
        } catch (KubernetesClientException e) {
            return e;
        }
        return fail("the API server admitted " + pod.getMetadata().getName());
    }

    /** Creates the pod until the webhook answers (bounded: 3 minutes), and returns the denial. */
    private static KubernetesClientException awaitDenial(KubernetesClient admin, Pod pod, Process webhook, Path log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String last = "nothing yet";
        while (System.nanoTime() < deadline) {
            assertTrue(webhook.isAlive(), "the webhook exited:\n" + tail(log));
            try {
                admin.resource(pod).create();
                return fail("the API server admitted the insecure pod");
            } catch (KubernetesClientException e) {
                if (!e.getMessage().contains("failed calling webhook")) {
                    return e;
                }
                last = e.getMessage();
            }
            Thread.sleep(500);
        }
        return fail("the webhook did not answer through the API server within 3 minutes; last: " + last + "\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
