import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a lint benchmark corpus: {@code objects} Kubernetes objects in one multi-document file, the mix of a real
 * platform repository. Per hundred objects (one team namespace): 28 Deployments, 6 StatefulSets, 6 CronJobs, 20
 * Services, 9 ConfigMaps, 10 NetworkPolicies (a default deny, policies per app, one with a named port), 3
 * ServiceAccounts, the Namespace, 8 ClusterRoles (an aggregated one whose {@code aggregationRule} picks 6 team
 * components, one of those itself aggregated into the built-in view role, and one aggregate folded into a
 * platform-wide aggregate), 7 RoleBindings to those ClusterRoles and 2 Roles. So 10,000 objects hold 800
 * ClusterRoles (100 of them aggregated) and 700 RoleBindings to them. Workloads are realistic in size (a Deployment
 * is about 90 lines: two containers, env, probes, resources, security context, volumes); one image in ten is
 * untagged or :latest and some roles read secrets or exec into pods, so the run also reports findings. The first
 * object is a Deployment, so a corpus of 1 is one Deployment. Seeded: the same corpus every time. An output ending in
 * {@code /} is a folder of files of 10,000 objects (the loader refuses files over 32 MiB); teams run on across files.
 *
 * <p>Usage: {@code java bench/lint/CorpusGenerator.java OUTPUT_FILE|OUTPUT_FOLDER/ OBJECTS}
 */
public class CorpusGenerator {
    private static final Random RANDOM = new Random(42);

    /** Objects per file when the corpus is a folder: a third of the loader's 32 MiB limit per file. */
    private static final int PER_FILE = 10_000;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int objects = Integer.parseInt(args[1]);
        boolean folder = args[0].endsWith("/");
        Files.createDirectories(folder ? out : out.toAbsolutePath().getParent());
        for (int first = 0; first < objects; first += folder ? PER_FILE : objects) {
            int last = folder ? Math.min(objects, first + PER_FILE) : objects;
            Path file = folder ? out.resolve("part-%03d.yaml".formatted(first / PER_FILE)) : out;
            try (Writer writer = Files.newBufferedWriter(file)) {
                for (int written = first; written < last; written++) {
                    if (written > first) {
                        writer.write("---\n");
                    }
                    writer.write(object(written / 100, written % 100));
                }
            }
        }
        System.out.println(objects + " objects in " + out);
    }

    /** The object at position {@code slot} (0..99) of team {@code team}'s hundred. */
    private static String object(int team, int slot) {
        String ns = "team-" + team;
        String name = "app" + team + "-" + slot;
        if (slot < 28) {
            return deployment(name, ns);
        }
        if (slot < 34) {
            return statefulSet(name, ns);
        }
        if (slot < 40) {
            return cronJob(name, ns);
        }
        if (slot < 60) {
            return service("app" + team + "-" + (slot - 40), ns);
        }
        if (slot < 69) {
            return configMap(name, ns);
        }
        if (slot < 79) {
            return networkPolicy(ns, team, slot - 69);
        }
        if (slot < 82) {
            return serviceAccount("app" + team + "-" + (slot - 79), ns);
        }
        if (slot == 82) {
            return namespace(ns);
        }
        if (slot < 90) {
            return clusterRole(team, slot - 83);
        }
        if (slot == 90) {
            return aggregateClusterRole(team);
        }
        if (slot < 98) {
            return roleBinding(ns, team, slot - 91);
        }
        return role(name, ns, slot - 98);
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

    private static String namespace(String ns) {
        return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n  labels:\n"
                + "    pod-security.kubernetes.io/enforce: restricted\n";
    }

    private static String serviceAccount(String name, String ns) {
        return "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\nautomountServiceAccountToken: false\n";
    }

    /** The team's ten policies: a default deny, eight per-app allows (one by named port), and an egress to DNS. */
    private static String networkPolicy(String ns, int team, int index) {
        String head = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ";
        if (index == 0) {
            return head + "default-deny\n  namespace: " + ns + "\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n";
        }
        if (index == 9) {
            return head + "allow-dns\n  namespace: " + ns + "\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n"
                    + "  egress:\n    - to:\n        - namespaceSelector:\n            matchLabels: {kubernetes.io/metadata.name: kube-system}\n"
                    + "          podSelector:\n            matchLabels: {k8s-app: kube-dns}\n"
                    + "      ports:\n        - {port: 53, protocol: UDP}\n        - {port: 53, protocol: TCP}\n";
        }
        String app = "app" + team + "-" + (index * 3);
        String port = index == 1 ? "http" : "8080";
        return head + app + "\n  namespace: " + ns + "\nspec:\n  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: " + app
                + "\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - namespaceSelector:\n"
                + "            matchLabels: {kubernetes.io/metadata.name: ingress}\n        - podSelector:\n"
                + "            matchLabels: {app.kubernetes.io/part-of: shop}\n      ports:\n        - {port: " + port + ", protocol: TCP}\n"
                + "  egress:\n    - to:\n        - podSelector: {matchLabels: {app.kubernetes.io/name: app" + team + "-" + (index * 3 + 1) + "}}\n"
                + "      ports:\n        - {port: 5432}\n";
    }

    private static final String[] COMPONENT_RULES = {
        "  - apiGroups: [\"\"]\n    resources: [configmaps, services]\n    verbs: [get, list, watch]\n",
        "  - apiGroups: [apps]\n    resources: [deployments, statefulsets]\n    verbs: [get, list, watch, patch]\n",
        "  - apiGroups: [\"\"]\n    resources: [secrets]\n    verbs: [get, list]\n",
        "  - apiGroups: [batch]\n    resources: [jobs, cronjobs]\n    verbs: [get, list, watch, create, delete]\n",
        "  - apiGroups: [\"\"]\n    resources: [pods, pods/log]\n    verbs: [get, list, watch]\n",
        "  - apiGroups: [\"\"]\n    resources: [pods/exec]\n    verbs: [create]\n",
        "  - apiGroups: [coordination.k8s.io]\n    resources: [leases]\n    verbs: [\"*\"]\n",
        "  - apiGroups: [\"\"]\n    resources: [events]\n    verbs: [create, patch]\n",
    };

    /** Component ClusterRoles 0..6: 0..5 aggregate into the team's operator role, 6 into the built-in view role. */
    private static String clusterRole(int team, int index) {
        String label = index < 6 ? "    bench.palisade.dev/aggregate-to: team-" + team + "-operator\n"
                : "    rbac.authorization.k8s.io/aggregate-to-view: \"true\"\n";
        StringBuilder rules = new StringBuilder();
        for (int r = 0; r < 3; r++) {
            rules.append(COMPONENT_RULES[(team + index * 3 + r) % COMPONENT_RULES.length]);
        }
        return "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: team-" + team + "-component-" + index
                + "\n  labels:\n" + label + "rules:\n" + rules;
    }

    /** The team's aggregated ClusterRole; every tenth team's is itself folded into the platform-wide aggregate. */
    private static String aggregateClusterRole(int team) {
        String labels = team % 10 == 0 ? "  labels:\n    bench.palisade.dev/aggregate-to: platform-operator\n" : "";
        String selectors = "    - matchLabels:\n        bench.palisade.dev/aggregate-to: team-" + team + "-operator\n";
        String name = "team-" + team + "-operator";
        if (team == 0) { // the platform-wide aggregate picks the other teams' aggregates, a chain like edit into admin
            selectors += "    - matchLabels:\n        bench.palisade.dev/aggregate-to: platform-operator\n";
        }
        return "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: " + name + "\n" + labels
                + "aggregationRule:\n  clusterRoleSelectors:\n" + selectors + "rules: []\n";
    }

    /** RoleBindings 0..6: to the team's operator aggregate, to components, and to the built-in view role. */
    private static String roleBinding(String ns, int team, int index) {
        String role = switch (index) {
            case 0, 1 -> "team-" + team + "-operator";
            case 6 -> "view";
            default -> "team-" + team + "-component-" + index;
        };
        String subject = index == 6 ? "  - kind: Group\n    apiGroup: rbac.authorization.k8s.io\n    name: team-" + team + "-developers\n"
                : "  - kind: ServiceAccount\n    name: app" + team + "-" + (index % 3) + "\n    namespace: " + ns + "\n";
        return "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: " + role + "-" + index
                + "\n  namespace: " + ns + "\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: " + role
                + "\nsubjects:\n" + subject;
    }

    private static String role(String name, String ns, int index) {
        String rules = index == 0 ? "  - apiGroups: [\"\"]\n    resources: [configmaps]\n    verbs: [get, list, watch]\n"
                : "  - apiGroups: [\"\"]\n    resources: [secrets]\n    resourceNames: [" + name + "-tls]\n    verbs: [get]\n";
        return "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\nrules:\n" + rules + "  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get]\n";
    }
}
