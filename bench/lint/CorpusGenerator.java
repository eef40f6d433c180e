import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a lint benchmark corpus: {@code objects} Kubernetes objects in files of ten documents each, the mix of a
 * real application repository (per ten: three Deployments, two Services, a ConfigMap, a StatefulSet, a CronJob, a
 * NetworkPolicy, and a Role or RoleBinding), at realistic sizes (a Deployment is about 90 lines: two containers,
 * env, probes, resources, security context, volumes). One image in ten is untagged or :latest so that the run also
 * reports findings. Seeded: the same corpus every time.
 *
 * <p>Usage: {@code java bench/lint/CorpusGenerator.java OUTPUT_DIR OBJECTS}
 */
public class CorpusGenerator {
    private static final Random RANDOM = new Random(42);

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int objects = Integer.parseInt(args[1]);
        Files.createDirectories(out);
        int written = 0;
        for (int file = 0; written < objects; file++) {
            Path dir = out.resolve("team-" + (file % 20)).resolve("app-" + file);
            Files.createDirectories(dir);
            List<String> docs = new ArrayList<>();
            String ns = "team-" + (file % 20);
            for (int i = 0; i < 10 && written < objects; i++, written++) {
                String name = "svc" + file + "-" + i;
                docs.add(switch (i) {
                    case 0, 1, 2 -> deployment(name, ns);
                    case 3, 4 -> service(name, ns);
                    case 5 -> configMap(name, ns);
                    case 6 -> statefulSet(name, ns);
                    case 7 -> cronJob(name, ns);
                    case 8 -> networkPolicy(name, ns);
                    default -> file % 2 == 0 ? role(name, ns) : roleBinding(name, ns);
                });
            }
            Files.writeString(dir.resolve("manifests.yaml"), String.join("---\n", docs));
        }
        System.out.println(written + " objects in " + out);
    }

    private static String image(String repo) {
        int roll = RANDOM.nextInt(20);
        if (roll == 0) {
            return "registry.example.com/" + repo;
        }
        if (roll == 1) {
            return "registry.example.com/" + repo + ":latest";
        }
        return "registry.example.com/" + repo + ":1." + RANDOM.nextInt(30) + "." + RANDOM.nextInt(10);
    }

    private static String labels(String name, String indent) {
        return indent + "app.kubernetes.io/name: " + name + "\n"
                + indent + "app.kubernetes.io/part-of: shop\n"
                + indent + "app.kubernetes.io/managed-by: kustomize\n";
    }

    private static String container(String name, String image, int port) {
        StringBuilder c = new StringBuilder();
        c.append("  - name: ").append(name).append("\n")
                .append("    image: ").append(image).append("\n")
                .append("    imagePullPolicy: IfNotPresent\n")
                .append("    ports:\n      - name: http\n        containerPort: ").append(port).append("\n        protocol: TCP\n")
                .append("    env:\n");
        for (int e = 0; e < 8; e++) {
            c.append("      - name: SETTING_").append(e).append("\n        value: \"")
                    .append(Integer.toHexString(RANDOM.nextInt())).append("\"\n");
        }
        c.append("      - name: POD_NAME\n        valueFrom:\n          fieldRef: {fieldPath: metadata.name}\n")
                .append("    resources:\n      requests: {cpu: 100m, memory: 128Mi}\n      limits: {memory: 256Mi}\n")
                .append("    livenessProbe:\n      httpGet: {path: /healthz, port: http}\n      periodSeconds: 10\n")
                .append("    readinessProbe:\n      httpGet: {path: /ready, port: http}\n")
                .append("    securityContext:\n      allowPrivilegeEscalation: false\n      readOnlyRootFilesystem: true\n")
                .append("      runAsNonRoot: true\n      capabilities: {drop: [ALL]}\n")
                .append("    volumeMounts:\n      - {name: tmp, mountPath: /tmp}\n");
        return c.toString();
    }

    private static String podSpec(String name, String indent) {
        String spec = "serviceAccountName: " + name + "\n"
                + "securityContext:\n  seccompProfile: {type: RuntimeDefault}\n"
                + "containers:\n"
                + container("app", image("shop/" + name), 8080)
                + container("proxy", image("infra/envoy"), 9901)
                + "volumes:\n  - name: tmp\n    emptyDir: {}\n";
        return spec.lines().map(l -> indent + l).reduce("", (a, b) -> a + b + "\n");
    }

    private static String deployment(String name, String ns) {
        return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\n  labels:\n" + labels(name, "    ") + "spec:\n  replicas: 3\n  selector:\n    matchLabels:\n"
                + "      app.kubernetes.io/name: " + name + "\n  template:\n    metadata:\n      labels:\n"
                + labels(name, "        ") + "    spec:\n" + podSpec(name, "      ");
    }

    private static String statefulSet(String name, String ns) {
        return "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\nspec:\n  serviceName: " + name + "\n  replicas: 3\n  selector:\n    matchLabels:\n"
                + "      app.kubernetes.io/name: " + name + "\n  template:\n    metadata:\n      labels:\n"
                + labels(name, "        ") + "    spec:\n" + podSpec(name, "      ")
                + "  volumeClaimTemplates:\n    - metadata: {name: data}\n      spec:\n        accessModes: [ReadWriteOnce]\n"
                + "        resources: {requests: {storage: 10Gi}}\n";
    }

    private static String cronJob(String name, String ns) {
        return "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\nspec:\n  schedule: \"" + RANDOM.nextInt(60) + " 3 * * *\"\n  concurrencyPolicy: Forbid\n"
                + "  jobTemplate:\n    spec:\n      backoffLimit: 2\n      template:\n        spec:\n"
                + "          restartPolicy: OnFailure\n" + podSpec(name, "          ");
    }

    private static String service(String name, String ns) {
        return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\n  labels:\n"
                + labels(name, "    ") + "spec:\n  type: ClusterIP\n  selector:\n    app.kubernetes.io/name: " + name
                + "\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n";
    }

    private static String configMap(String name, String ns) {
        StringBuilder data = new StringBuilder("  application.yaml: |\n");
        for (int l = 0; l < 30; l++) {
            data.append("    key").append(l).append(": value-").append(RANDOM.nextInt(1000)).append("\n");
        }
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\ndata:\n" + data;
    }

    private static String networkPolicy(String name, String ns) {
        return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\nspec:\n  podSelector:\n    matchLabels:\n      app.kubernetes.io/part-of: shop\n"
                + "  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - namespaceSelector:\n"
                + "            matchLabels: {kubernetes.io/metadata.name: ingress}\n      ports:\n        - {port: 8080, protocol: TCP}\n"
                + "  egress:\n    - to:\n        - podSelector: {matchLabels: {app.kubernetes.io/name: db}}\n"
                + "      ports:\n        - {port: 5432}\n";
    }

    private static String role(String name, String ns) {
        return "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\nrules:\n  - apiGroups: [\"\"]\n    resources: [configmaps]\n    verbs: [get, list, watch]\n"
                + "  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get]\n";
    }

    private static String roleBinding(String name, String ns) {
        return "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: " + name
                + "\nsubjects:\n  - kind: ServiceAccount\n    name: " + name + "\n    namespace: " + ns + "\n";
    }
}
