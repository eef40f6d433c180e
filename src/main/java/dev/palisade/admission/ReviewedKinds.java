package dev.palisade.admission;

import java.util.Set;

/**
 * The kinds the webhook judges: Pods and every pod controller (one pod template accessor serves them all), the RBAC
 * kinds, NetworkPolicy (Kubernetes' and Calico's), Calico's GlobalNetworkPolicy, the network-policy API's
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (judged by the same network-policy checks as in lint, and answered
 * with their change impact) and Namespace. The chart's ValidatingWebhookConfiguration sends exactly these; anything else
 * that reaches the webhook is allowed untouched.
 */
final class ReviewedKinds {
    static final Set<String> KINDS = Set.of(
            "Pod", "PodTemplate", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob",
            "ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding",
            "NetworkPolicy", "GlobalNetworkPolicy", "AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "Namespace");

    private ReviewedKinds() {}

    /** The kind as a bounded metric label. */
    static String label(String kind) {
        return KINDS.contains(kind) ? kind : "other";
    }
}
