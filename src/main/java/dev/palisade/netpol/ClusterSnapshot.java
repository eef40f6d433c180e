package dev.palisade.netpol;

import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of the model: namespaces, pods, policies, nodes and Calico tier orders, plus what could not be read.
 * Build it from linted objects ({@link #fromObjects}) or from live objects ({@link #builder()}; fabric8 objects
 * convert to {@code JsonNode} with Jackson and then to {@link KubeObject#of}). Namespaces that pods or policies
 * name but that are not given are implied, labelled only with {@code kubernetes.io/metadata.name}.
 */
public record ClusterSnapshot(Map<String, NamespaceInfo> namespaces, List<PodEndpoint> pods, List<ModelPolicy> policies,
                              List<NodeInfo> nodes, Map<String, Double> tierOrders, List<PolicyError> errors) {

    /** Calico's default tier order (tiers without an order sort after every ordered tier). */
    public static final double DEFAULT_TIER_ORDER = 1_000_000;

    public ClusterSnapshot {
        namespaces = Map.copyOf(namespaces);
        pods = List.copyOf(pods);
        policies = List.copyOf(policies);
        nodes = List.copyOf(nodes);
        tierOrders = Map.copyOf(tierOrders);
        errors = List.copyOf(errors);
    }

    /** The namespace of a name: given, or implied. */
    public NamespaceInfo namespace(String name) {
        NamespaceInfo known = namespaces.get(name);
        return known != null ? known : NamespaceInfo.implied(name);
    }

    /** The order of a tier: its Tier object's, 1,000,000 for {@code default}, else after every other tier. */
    public double tierOrder(String tier) {
        Double order = tierOrders.get(tier);
        if (order != null) {
            return order;
        }
        return tier.equals("default") ? DEFAULT_TIER_ORDER : Double.POSITIVE_INFINITY;
    }

    /**
     * Everything the model reads from a set of objects: Namespace, Node, Pod and workload kinds (their pod
     * template stands for their pods), NetworkPolicy (Kubernetes and Calico), GlobalNetworkPolicy and Tier.
     * Other kinds are ignored.
     */
    public static ClusterSnapshot fromObjects(Collection<KubeObject> objects) {
        Builder builder = builder();
        for (KubeObject object : objects) {
            builder.add(object);
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects inputs; {@link #build()} implies missing namespaces. */
    public static final class Builder {
        private final Map<String, NamespaceInfo> namespaces = new LinkedHashMap<>();
        private final List<PodEndpoint> pods = new ArrayList<>();
        private final List<ModelPolicy> policies = new ArrayList<>();
        private final List<NodeInfo> nodes = new ArrayList<>();
        private final Map<String, Double> tierOrders = new LinkedHashMap<>();
        private final List<PolicyError> errors = new ArrayList<>();

        public Builder namespace(NamespaceInfo namespace) {
            namespaces.put(namespace.name(), namespace);
            return this;
        }

        public Builder pod(PodEndpoint pod) {
            pods.add(pod);
            return this;
        }

        public Builder policy(ModelPolicy policy) {
            policies.add(policy);
            return this;
        }

        public Builder node(NodeInfo node) {
            nodes.add(node);
            return this;
        }

        public Builder tier(String name, double order) {
            tierOrders.put(name, order);
            return this;
        }

        public Builder error(PolicyError error) {
            errors.add(error);
            return this;
        }

        /** Adds one object of any kind the model reads; other kinds are ignored. Never throws. */
        public Builder add(KubeObject object) {
            if (object.kind().equals("Namespace") && object.group().isEmpty()) {
                namespace(NamespaceInfo.from(object));
            } else if (object.kind().equals("Node") && object.group().isEmpty()) {
                node(NodeInfo.from(object));
            } else if (KubernetesNetworkPolicy.isOne(object)) {
                ParsedPolicy<KubernetesNetworkPolicy> parsed = KubernetesNetworkPolicy.parse(object);
                parsed.policy().ifPresent(this::policy);
                errors.addAll(parsed.errors());
            } else if (CalicoPolicy.isOne(object)) {
                ParsedPolicy<CalicoPolicy> parsed = CalicoPolicy.parse(object);
                parsed.policy().ifPresent(this::policy);
                errors.addAll(parsed.errors());
            } else if (object.kind().equals("Tier") && object.group().contains("projectcalico.org")) {
                var order = object.root().path("spec").path("order");
                if (order.isNumber()) {
                    tier(object.name(), order.asDouble());
                }
            } else {
                PodEndpoint.from(object).ifPresent(this::pod);
            }
            return this;
        }

        public ClusterSnapshot build() {
            Map<String, NamespaceInfo> all = new LinkedHashMap<>(namespaces);
            for (PodEndpoint pod : pods) {
                all.putIfAbsent(pod.namespace(), NamespaceInfo.implied(pod.namespace()));
            }
            for (ModelPolicy policy : policies) {
                String ns = policy.ref().namespace();
                if (!ns.isEmpty()) {
                    all.putIfAbsent(ns, NamespaceInfo.implied(ns));
                }
            }
            return new ClusterSnapshot(all, pods, policies, nodes, tierOrders, errors);
        }
    }
}
