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
 * A Node whose pod CIDR or InternalIP does not parse is left out of the overlay and named in {@code skipped}; the
 * rest of the state still applies.
 */
public record ClusterState(PolicyModel model, List<ClusterNode> nodes, List<PolicyError> errors, List<String> skipped) {

    public static ClusterState of(Collection<KubeObject> objects) {
        ClusterSnapshot snapshot = ClusterSnapshot.fromObjects(objects);
        List<ClusterNode> nodes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (KubeObject object : objects) {
            if (object.kind().equals("Node") && object.group().isEmpty()) {
                try {
                    ClusterNode.of(object).ifPresent(nodes::add);
                } catch (EnforcerException e) {
                    skipped.add(e.getMessage() + "; the node is left out of the overlay");
                }
            }
        }
        return new ClusterState(PolicyModel.of(snapshot), List.copyOf(nodes), snapshot.errors(), List.copyOf(skipped));
    }

    public Optional<ClusterNode> node(String name) {
        return nodes.stream().filter(node -> node.name().equals(name)).findFirst();
    }
}
