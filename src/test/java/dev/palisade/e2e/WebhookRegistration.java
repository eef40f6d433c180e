package dev.palisade.e2e;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * A ValidatingWebhookConfiguration as an installation has it (admissionReviewVersions v1, sideEffects None,
 * matchPolicy Equivalent, the chart's rules), in the URL form ({@code https://127.0.0.1:PORT/validate} with the
 * caBundle {@code palisade certs} printed). Its namespaceSelector sends only namespaces labelled
 * {@code e2e.palisade.dev/suite: SUITE} (and never kube-system or the webhook's namespace), so that suites do not see
 * each other's objects; cluster-scoped kinds are not selected by namespace. {@link #close()} deletes it.
 */
public final class WebhookRegistration implements AutoCloseable {
    public static final String SUITE_LABEL = "e2e.palisade.dev/suite";
    private static final List<String> OPERATIONS = List.of("CREATE", "UPDATE");

    /** The chart's rules: every kind the webhook judges. */
    public static final List<RuleWithOperations> JUDGED_KINDS = List.of(
            rule("", "*", "pods", "pods/ephemeralcontainers", "podtemplates", "replicationcontrollers", "namespaces"),
            rule("apps", "Namespaced", "deployments", "statefulsets", "daemonsets", "replicasets"),
            rule("batch", "Namespaced", "jobs", "cronjobs"),
            rule("rbac.authorization.k8s.io", "*", "clusterroles", "roles", "clusterrolebindings", "rolebindings"),
            rule("networking.k8s.io", "Namespaced", "networkpolicies"),
            adminNetworkPolicies(),
            calicoPolicies());

    /** Pods and the pod controllers only: for suites that must not intercept cluster-scoped writes of others. */
    public static final List<RuleWithOperations> WORKLOADS = List.of(
            rule("", "Namespaced", "pods"),
            rule("apps", "Namespaced", "deployments", "statefulsets", "daemonsets", "replicasets"));

    /** Roles and bindings only: the RBAC-with-context suite. */
    public static final List<RuleWithOperations> RBAC = List.of(
            rule("rbac.authorization.k8s.io", "*", "clusterroles", "roles", "clusterrolebindings", "rolebindings"));

    /** NetworkPolicies on create, update and delete, as the chart registers them (the change-impact suite). */
    public static final List<RuleWithOperations> NETWORK_POLICIES = List.of(new RuleWithOperationsBuilder()
            .withApiGroups("networking.k8s.io").withApiVersions("v1").withOperations("CREATE", "UPDATE", "DELETE")
            .withResources("networkpolicies").withScope("Namespaced").build());

    /** AdminNetworkPolicies and BaselineAdminNetworkPolicies on create, update and delete, as the chart registers them. */
    public static final List<RuleWithOperations> ADMIN_NETWORK_POLICIES = List.of(adminNetworkPolicies());

    /** Calico's NetworkPolicies and GlobalNetworkPolicies on create, update and delete, as the chart registers them. */
    public static final List<RuleWithOperations> CALICO_POLICIES = List.of(calicoPolicies());

    private final KubernetesClient admin;
    private final ValidatingWebhookConfiguration configuration;

    private WebhookRegistration(KubernetesClient admin, ValidatingWebhookConfiguration configuration) {
        this.admin = admin;
        this.configuration = configuration;
    }

    /**
     * Registers the webhook at {@code url}.
     *
     * @param failurePolicy Fail or Ignore
     * @param timeoutSeconds 1..30
     */
    public static WebhookRegistration register(KubernetesClient admin, String name, String suite, String url, String caBundle,
            String failurePolicy, int timeoutSeconds, List<RuleWithOperations> rules) {
        ValidatingWebhookConfiguration configuration = new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .addNewWebhook()
                .withName("validate.palisade.dev")
                .withAdmissionReviewVersions("v1")
                .withSideEffects("None")
                .withTimeoutSeconds(timeoutSeconds)
                .withFailurePolicy(failurePolicy)
                .withMatchPolicy("Equivalent")
                .withNewClientConfig().withUrl(url).withCaBundle(caBundle).endClientConfig()
                .withNewNamespaceSelector()
                .addToMatchLabels(SUITE_LABEL, suite)
                .addNewMatchExpression().withKey("kubernetes.io/metadata.name").withOperator("NotIn")
                .withValues("kube-system", TestCluster.WEBHOOK_NAMESPACE).endMatchExpression()
                .endNamespaceSelector()
                .withRules(rules)
                .endWebhook()
                .build();
        return new WebhookRegistration(admin, admin.admissionRegistration().v1().validatingWebhookConfigurations()
                .resource(configuration).forceConflicts().serverSideApply());
    }

    /** Changes the failure policy in place (Fail / Ignore). */
    public void failurePolicy(String policy) {
        admin.admissionRegistration().v1().validatingWebhookConfigurations().withName(configuration.getMetadata().getName())
                .edit(c -> {
                    c.getWebhooks().forEach(w -> w.setFailurePolicy(policy));
                    return c;
                });
    }

    @Override
    public void close() {
        admin.admissionRegistration().v1().validatingWebhookConfigurations().withName(configuration.getMetadata().getName()).delete();
    }

    private static RuleWithOperations adminNetworkPolicies() {
        return new RuleWithOperationsBuilder().withApiGroups("policy.networking.k8s.io").withApiVersions("v1alpha1")
                .withOperations("CREATE", "UPDATE", "DELETE").withResources("adminnetworkpolicies", "baselineadminnetworkpolicies")
                .withScope("Cluster").build();
    }

    private static RuleWithOperations calicoPolicies() {
        return new RuleWithOperationsBuilder().withApiGroups("projectcalico.org").withApiVersions("v3")
                .withOperations("CREATE", "UPDATE", "DELETE").withResources("networkpolicies", "globalnetworkpolicies")
                .withScope("*").build();
    }

    private static RuleWithOperations rule(String group, String scope, String... resources) {
        return new RuleWithOperationsBuilder().withApiGroups(group).withApiVersions("v1").withOperations(OPERATIONS)
                .withResources(resources).withScope(scope).build();
    }
}
