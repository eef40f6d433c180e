package dev.palisade.admission;

import dev.palisade.engine.Inventory;
import dev.palisade.engine.InventoryView;
import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@link Inventory} a check sees in the webhook: the cluster's cached objects ({@link ClusterInventory}), with the
 * reviewed object standing in for its own cached version (an UPDATE is judged as if it had happened). Cross-object
 * checks written for the linter thus answer against the live cluster without change.
 *
 * <p>Cost per review. The cross-object views (RBAC model, NetworkPolicy model, indexes) are the cluster inventory's,
 * built once per cache change and shared by every review: a check relates the reviewed object to them with lookups
 * (the role a binding names, the bindings of a role, the policies that select a pod), so a Pod, workload, role or
 * binding review costs no rebuild. Only a review of a NetworkPolicy or a Namespace, the objects the NetworkPolicy model
 * is made of, builds its views over the overlay, in O(cluster) per review: such writes are rare, and their checks must
 * see the model as it would be after the write.
 */
final class ReviewInventory implements Inventory {
    /** Kinds whose review needs views with the reviewed object inside them. */
    static final Set<String> MODEL_KINDS = Set.of("NetworkPolicy", "Namespace", "GlobalNetworkPolicy",
            "AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "NetworkSet", "GlobalNetworkSet", "Tier");

    private final ClusterInventory cluster;
    private final KubeObject reviewed;
    /** False for a deletion: the reviewed object is left out rather than standing in. */
    private final boolean present;
    private final boolean overlayViews;

    ReviewInventory(ClusterInventory cluster, KubeObject reviewed) {
        this(cluster, reviewed, true);
    }

    private ReviewInventory(ClusterInventory cluster, KubeObject reviewed, boolean present) {
        this.cluster = cluster;
        this.reviewed = reviewed;
        this.present = present;
        this.overlayViews = MODEL_KINDS.contains(reviewed.kind());
    }

    /** The cluster as it would be once {@code deleted} is gone. */
    static ReviewInventory without(ClusterInventory cluster, KubeObject deleted) {
        return new ReviewInventory(cluster, deleted, false);
    }

    @Override
    public List<KubeObject> objects() {
        List<KubeObject> all = new ArrayList<>(cluster.objects().size() + 1);
        for (KubeObject object : cluster.objects()) {
            if (!sameObject(object)) {
                all.add(object);
            }
        }
        if (present) {
            all.add(reviewed);
        }
        return all;
    }

    @Override
    public List<KubeObject> ofKind(String kind) {
        List<KubeObject> cached = cluster.ofKind(kind);
        if (!reviewed.kind().equals(kind)) {
            return cached;
        }
        List<KubeObject> merged = new ArrayList<>(cached.size() + 1);
        for (KubeObject object : cached) {
            if (!sameObject(object)) {
                merged.add(object);
            }
        }
        if (present) {
            merged.add(reviewed);
        }
        return merged;
    }

    @Override
    public <T> T view(InventoryView<T> view) {
        return overlayViews ? Inventory.super.view(view) : cluster.view(view);
    }

    private boolean sameObject(KubeObject object) {
        return object.kind().equals(reviewed.kind()) && object.group().equals(reviewed.group()) && object.namespace().equals(reviewed.namespace())
                && object.name().equals(reviewed.name());
    }
}
