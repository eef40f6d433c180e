package dev.palisade.enforcer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.source.KubeObject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Cluster state from the API server through fabric8 informers: Nodes, Namespaces, Pods, Kubernetes NetworkPolicies
 * and, when their CRDs are installed, Calico NetworkPolicies, GlobalNetworkPolicies and Tiers. Read-only: the
 * enforcer needs get/list/watch and nothing else (each node derives its peers' VXLAN entries from the Node objects).
 * Every event only signals a change; the next sync reads the informers' caches whole.
 */
final class KubernetesStateSource implements StateSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
    private final Semaphore changes = new Semaphore(0);

    KubernetesStateSource(Path kubeconfig) {
        Config config;
        try {
            config = kubeconfig == null ? Config.autoConfigure(null) : Config.fromKubeconfig(Files.readString(kubeconfig));
        } catch (IOException e) {
            throw new EnforcerException("cannot read kubeconfig " + kubeconfig + ": " + e.getMessage());
        }
        client = new KubernetesClientBuilder().withConfig(config).build();
        try {
            informers.add(client.nodes().inform(signal()));
            informers.add(client.namespaces().inform(signal()));
            informers.add(client.pods().inAnyNamespace().inform(signal()));
            informers.add(client.network().v1().networkPolicies().inAnyNamespace().inform(signal()));
        } catch (KubernetesClientException e) {
            close();
            throw new EnforcerException("cannot watch the cluster: " + e.getMessage()
                    + " (the enforcer needs get/list/watch on nodes, namespaces, pods and networkpolicies)");
        }
        for (String kind : List.of("NetworkPolicy", "GlobalNetworkPolicy", "Tier")) {
            try {
                var resources = client.genericKubernetesResources("projectcalico.org/v3", kind);
                informers.add(kind.equals("NetworkPolicy") ? resources.inAnyNamespace().inform(signal()) : resources.inform(signal()));
            } catch (KubernetesClientException e) {
                // No Calico API in this cluster: Kubernetes policies only.
            }
        }
    }

    private <T extends HasMetadata> ResourceEventHandler<T> signal() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                changes.release();
            }

            @Override
            public void onUpdate(T before, T after) {
                changes.release();
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                changes.release();
            }
        };
    }

    @Override
    public List<KubeObject> read() {
        changes.drainPermits();
        List<KubeObject> objects = new ArrayList<>();
        for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
            for (HasMetadata item : informer.getStore().list()) {
                try {
                    objects.add(KubeObject.of(JSON.readTree(client.getKubernetesSerialization().asJson(item))));
                } catch (IOException e) {
                    throw new EnforcerException("cannot read " + item.getKind() + " " + item.getMetadata().getName() + ": " + e.getMessage());
                }
            }
        }
        return objects;
    }

    @Override
    public boolean awaitChange(long millis) throws InterruptedException {
        return changes.tryAcquire(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        client.close();
    }
}
