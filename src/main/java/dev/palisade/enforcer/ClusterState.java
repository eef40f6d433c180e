package dev.palisade.enforcer;

import dev.palisade.netpol.ClusterSnapshot;
import dev.palisade.netpol.PolicyError;
import dev.palisade.netpol.PolicyModel;
import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Everything one sync works from: the NetworkPolicy model of the cluster (pods, namespaces, policies) and the nodes
 * of the overlay. Built from standard Kubernetes objects, whether they come from a state file or from informers.
 */
public record ClusterState(PolicyModel model, List<ClusterNode> nodes, List<PolicyError> errors) {

    public static ClusterState of(Collection<KubeObject> objects) {
        ClusterSnapshot snapshot = ClusterSnapshot.fromObjects(objects);
        List<ClusterNode> nodes = new ArrayList<>();
        for (KubeObject object : objects) {
            if (object.kind().equals("Node") && object.group().isEmpty()) {
                ClusterNode.of(object).ifPresent(nodes::add);
            }
        }
        return new ClusterState(PolicyModel.of(snapshot), List.copyOf(nodes), snapshot.errors());
    }

    public Optional<ClusterNode> node(String name) {
        return nodes.stream().filter(node -> node.name().equals(name)).findFirst();
    }
}
