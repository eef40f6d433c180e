package dev.palisade.netpol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pod with its namespace and the labels each dialect's selectors see. Calico selectors also see, as Calico's
 * Kubernetes datastore adds them, {@code projectcalico.org/namespace}, {@code projectcalico.org/orchestrator: k8s}
 * and {@code projectcalico.org/serviceaccount} on a pod, the labels of its ServiceAccount prefixed {@code pcsa.}
 * (what a rule's {@code serviceAccounts.selector} matches), and {@code projectcalico.org/name} on its namespace.
 */
public record PodContext(PodEndpoint pod, NamespaceInfo namespace, Map<String, String> calicoLabels,
                         Map<String, String> calicoNamespaceLabels) {

    /** The key prefix of ServiceAccount labels in Calico's label view of a pod. */
    static final String SERVICE_ACCOUNT_PREFIX = "pcsa.";
    static final String SERVICE_ACCOUNT_LABEL = "projectcalico.org/serviceaccount";

    public static PodContext of(PodEndpoint pod, NamespaceInfo namespace) {
        return of(pod, namespace, Map.of());
    }

    /** With the labels of the pod's ServiceAccount. */
    public static PodContext of(PodEndpoint pod, NamespaceInfo namespace, Map<String, String> serviceAccountLabels) {
        Map<String, String> labels = new LinkedHashMap<>(pod.labels());
        serviceAccountLabels.forEach((k, v) -> labels.put(SERVICE_ACCOUNT_PREFIX + k, v));
        labels.put("projectcalico.org/namespace", pod.namespace());
        labels.put("projectcalico.org/orchestrator", "k8s");
        labels.put(SERVICE_ACCOUNT_LABEL, pod.serviceAccount());
        return new PodContext(pod, namespace, Map.copyOf(labels), calicoNamespaceLabels(namespace));
    }

    /** A namespace's labels as Calico namespace selectors see them. */
    static Map<String, String> calicoNamespaceLabels(NamespaceInfo namespace) {
        Map<String, String> nsLabels = new LinkedHashMap<>(namespace.labels());
        nsLabels.put("projectcalico.org/name", namespace.name());
        return Map.copyOf(nsLabels);
    }

    Map<String, String> labels(boolean calico) {
        return calico ? calicoLabels : pod.labels();
    }

    Map<String, String> namespaceLabels(boolean calico) {
        return calico ? calicoNamespaceLabels : namespace.labels();
    }
}
