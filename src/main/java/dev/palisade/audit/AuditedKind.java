package dev.palisade.audit;

import java.util.List;

/**
 * A kind the audit lists from the cluster: the kinds the catalogue judges plus those its cross-object checks read
 * (Services, ServiceAccounts, PodDisruptionBudgets, HorizontalPodAutoscalers). Never Secrets or ConfigMaps.
 *
 * <p>Add-on kinds ({@code addOn}) are those the webhook's cluster view caches when their API group is served: Calico's
 * {@code projectcalico.org/v3} policies, network sets and tiers, and the network-policy API project's admin policies.
 * The audit reads them too, so that a namespace isolated only by a Calico policy is isolated in the reports as in the
 * webhook and in lint; a cluster that does not serve them is audited without them, and nothing is said.
 */
record AuditedKind(String apiVersion, String kind, String plural, boolean namespaced, boolean addOn) {

    AuditedKind(String apiVersion, String kind, String plural, boolean namespaced) {
        this(apiVersion, kind, plural, namespaced, false);
    }

    static final List<AuditedKind> ALL = List.of(
            new AuditedKind("v1", "Namespace", "namespaces", false),
            new AuditedKind("v1", "Pod", "pods", true),
            new AuditedKind("v1", "ReplicationController", "replicationcontrollers", true),
            new AuditedKind("v1", "Service", "services", true),
            new AuditedKind("v1", "ServiceAccount", "serviceaccounts", true),
            new AuditedKind("apps/v1", "Deployment", "deployments", true),
            new AuditedKind("apps/v1", "StatefulSet", "statefulsets", true),
            new AuditedKind("apps/v1", "DaemonSet", "daemonsets", true),
            new AuditedKind("apps/v1", "ReplicaSet", "replicasets", true),
            new AuditedKind("batch/v1", "Job", "jobs", true),
            new AuditedKind("batch/v1", "CronJob", "cronjobs", true),
            new AuditedKind("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false),
            new AuditedKind("rbac.authorization.k8s.io/v1", "Role", "roles", true),
            new AuditedKind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false),
            new AuditedKind("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", true),
            new AuditedKind("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies", true),
            new AuditedKind("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
            new AuditedKind("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
            new AuditedKind("projectcalico.org/v3", "NetworkPolicy", "networkpolicies", true, true),
            new AuditedKind("projectcalico.org/v3", "GlobalNetworkPolicy", "globalnetworkpolicies", false, true),
            new AuditedKind("projectcalico.org/v3", "NetworkSet", "networksets", true, true),
            new AuditedKind("projectcalico.org/v3", "GlobalNetworkSet", "globalnetworksets", false, true),
            new AuditedKind("projectcalico.org/v3", "Tier", "tiers", false, true),
            new AuditedKind("policy.networking.k8s.io/v1alpha1", "AdminNetworkPolicy", "adminnetworkpolicies", false, true),
            new AuditedKind("policy.networking.k8s.io/v1alpha1", "BaselineAdminNetworkPolicy", "baselineadminnetworkpolicies", false, true));

    String group() {
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    String version() {
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }
}
