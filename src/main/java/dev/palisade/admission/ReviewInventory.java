package dev.palisade.admission;

import dev.palisade.engine.Inventory;
import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Inventory} a check sees in the webhook: the cluster's cached NetworkPolicies and Namespaces, with the
 * reviewed object standing in for its own cached version (an UPDATE is judged as if it had happened). Cross-object
 * checks written for the linter thus answer against the live cluster without change.
 */
final class ReviewInventory implements Inventory {
    private final ClusterView cluster;
    private final KubeObject reviewed;

    ReviewInventory(ClusterView cluster, KubeObject reviewed) {
        this.cluster = cluster;
        this.reviewed = reviewed;
    }

    @Override
    public List<KubeObject> objects() {
        List<KubeObject> all = new ArrayList<>(ofKind("NetworkPolicy"));
        all.addAll(ofKind("Namespace"));
        if (!reviewed.kind().equals("NetworkPolicy") && !reviewed.kind().equals("Namespace")) {
            all.add(reviewed);
        }
        return all;
    }

    @Override
    public List<KubeObject> ofKind(String kind) {
        List<KubeObject> cached = switch (kind) {
            case "NetworkPolicy" -> cluster.networkPolicies();
            case "Namespace" -> cluster.namespaces();
            default -> List.of();
        };
        if (!reviewed.kind().equals(kind)) {
            return cached;
        }
        List<KubeObject> merged = new ArrayList<>(cached.size() + 1);
        for (KubeObject object : cached) {
            if (!(object.namespace().equals(reviewed.namespace()) && object.name().equals(reviewed.name()))) {
                merged.add(object);
            }
        }
        merged.add(reviewed);
        return merged;
    }
}
