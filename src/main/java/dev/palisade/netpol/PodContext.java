package dev.palisade.netpol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pod with its namespace and the labels each dialect's selectors see. Calico selectors also see
 * {@code projectcalico.org/namespace} and {@code projectcalico.org/orchestrator: k8s} on a pod, and
 * {@code projectcalico.org/name} on its namespace, as Calico's Kubernetes datastore adds them.
 */
public record PodContext(PodEndpoint pod, NamespaceInfo namespace, Map<String, String> calicoLabels,
                         Map<String, String> calicoNamespaceLabels) {

    public static PodContext of(PodEndpoint pod, NamespaceInfo namespace) {
        Map<String, String> labels = new LinkedHashMap<>(pod.labels());
        labels.put("projectcalico.org/namespace", pod.namespace());
        labels.put("projectcalico.org/orchestrator", "k8s");
        Map<String, String> nsLabels = new LinkedHashMap<>(namespace.labels());
        nsLabels.put("projectcalico.org/name", namespace.name());
        return new PodContext(pod, namespace, Map.copyOf(labels), Map.copyOf(nsLabels));
    }

    Map<String, String> labels(boolean calico) {
        return calico ? calicoLabels : pod.labels();
    }

    Map<String, String> namespaceLabels(boolean calico) {
        return calico ? calicoNamespaceLabels : namespace.labels();
    }
}
