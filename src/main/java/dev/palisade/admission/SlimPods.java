package dev.palisade.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.List;

/**
 * A Pod as the cluster view keeps it: what the NetworkPolicy model reads (namespace, name, labels, owner, node, IP,
 * service account, host network, container names and ports) and nothing else, so a cache of thousands of pods stays
 * small. Pods are not judged from this cache; the webhook judges the Pod in the request, and an audit lists Pods whole.
 */
final class SlimPods {
    private SlimPods() {}

    /** The informer's own store, keeping slim pods too (fabric8 keeps the last state of each object for updates). */
    static ItemStore<Pod> store() {
        return new BasicItemStore<>(Cache::metaNamespaceKeyFunc) {
            @Override
            public Pod put(String key, Pod pod) {
                return super.put(key, slim(pod));
            }
        };
    }

    static Pod slim(Pod pod) {
        var meta = pod.getMetadata();
        PodSpec spec = pod.getSpec();
        PodStatus status = pod.getStatus();
        PodBuilder slim = new PodBuilder().withMetadata(new ObjectMetaBuilder().withName(meta.getName())
                .withNamespace(meta.getNamespace()).withUid(meta.getUid()).withResourceVersion(meta.getResourceVersion())
                .withLabels(meta.getLabels()).withOwnerReferences(meta.getOwnerReferences()).build());
        if (spec != null) {
            List<Container> containers = spec.getContainers() == null ? List.of() : spec.getContainers().stream()
                    .map(c -> new ContainerBuilder().withName(c.getName()).withPorts(c.getPorts()).build()).toList();
            slim.withNewSpec().withNodeName(spec.getNodeName()).withHostNetwork(spec.getHostNetwork())
                    .withServiceAccountName(spec.getServiceAccountName()).withContainers(containers).endSpec();
        }
        if (status != null) {
            slim.withNewStatus().withPodIP(status.getPodIP()).withPodIPs(status.getPodIPs()).withPhase(status.getPhase()).endStatus();
        }
        return slim.build();
    }
}
