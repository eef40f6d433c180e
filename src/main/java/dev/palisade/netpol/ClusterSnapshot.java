package dev.palisade.netpol;

import dev.palisade.source.KubeObject;
import dev.palisade.source.ObjectRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of the model: namespaces, pods, policies, nodes, Calico tier orders and default actions, the
 * cluster's pod CIDRs (where pods without an IP, i.e. workload templates, will get theirs), plus what could not be
 * read and warnings. Build it from linted objects ({@link #fromObjects}) or from live objects ({@link #builder()};
 * fabric8 objects convert to {@code JsonNode} with Jackson and then to {@link KubeObject#of}). Namespaces that pods
 * or policies name but that are not given are implied, labelled only with {@code kubernetes.io/metadata.name}.
 *
 * <p>The same policy given twice (same API group, kind, namespace and name, e.g. in two files) is kept once: the
 * later one, as {@code kubectl apply} of both would leave it, with one warning naming every location. Building
 * costs O(objects) plus the parse of each policy.
 */
public record ClusterSnapshot(Map<String, NamespaceInfo> namespaces, List<PodEndpoint> pods, List<ModelPolicy> policies,
                              List<NodeInfo> nodes, Map<String, Double> tierOrders, Map<String, RuleAction> tierDefaultActions,
                              List<String> podCidrs, List<CalicoNetworkSet> networkSets,
                              Map<String, Map<String, String>> serviceAccountLabels, List<PolicyError> errors,
                              List<PolicyWarning> warnings) {

    /** Calico's default tier order (tiers without an order sort after every ordered tier). */
    public static final double DEFAULT_TIER_ORDER = 1_000_000;

    public ClusterSnapshot {
        namespaces = Map.copyOf(namespaces);
        pods = List.copyOf(pods);
        policies = List.copyOf(policies);
        nodes = List.copyOf(nodes);
        tierOrders = Map.copyOf(tierOrders);
        tierDefaultActions = Map.copyOf(tierDefaultActions);
        podCidrs = List.copyOf(podCidrs);
        networkSets = List.copyOf(networkSets);
        serviceAccountLabels = Map.copyOf(serviceAccountLabels);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** The labels of a ServiceAccount of the input, empty when it is not given. */
    public Map<String, String> serviceAccountLabels(String namespace, String name) {
        return serviceAccountLabels.getOrDefault(namespace + "/" + name, Map.of());
    }

    /**
     * What a tier does with traffic none of its rules decided: its Tier object's defaultAction, else Pass for the
     * (Baseline)AdminNetworkPolicy tiers (as Calico sets them) and Deny for every other.
     */
    public RuleAction tierDefaultAction(String tier) {
        RuleAction action = tierDefaultActions.get(tier);
        if (action != null) {
            return action;
        }
        return tier.equals(AdminNetworkPolicy.ADMIN_TIER) || tier.equals(AdminNetworkPolicy.BASELINE_TIER) ? RuleAction.PASS : RuleAction.DENY;
    }

    /** The addresses pods may have: the pod CIDRs, or every address when none is given. */
    public AddressSet podAddresses() {
        return podCidrs.isEmpty() ? AddressSet.EVERYTHING : AddressSet.cidrs(podCidrs);
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
        return switch (tier) {
            case "default" -> DEFAULT_TIER_ORDER;
            case AdminNetworkPolicy.ADMIN_TIER -> AdminNetworkPolicy.ADMIN_TIER_ORDER;
            case AdminNetworkPolicy.BASELINE_TIER -> AdminNetworkPolicy.BASELINE_TIER_ORDER;
            default -> Double.POSITIVE_INFINITY;
        };
    }

    /**
     * Everything the model reads from a set of objects: Namespace, Node, Pod and workload kinds (their pod
     * template stands for their pods), ServiceAccount, NetworkPolicy (Kubernetes and Calico), GlobalNetworkPolicy,
     * Tier, NetworkSet and GlobalNetworkSet.
     * Other kinds are ignored.
     */
    public static ClusterSnapshot fromObjects(Collection<KubeObject> objects) {
        return fromObjects(objects, List.of());
    }

    /** The same, with the cluster's pod CIDRs (validated: {@link Builder#podCidr}). */
    public static ClusterSnapshot fromObjects(Collection<KubeObject> objects, List<String> podCidrs) {
        Builder builder = builder();
        podCidrs.forEach(builder::podCidr);
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
        /** Policy identity (group, kind, namespace, name) to its position in {@link #policies} and every location. */
        private final Map<String, Integer> policyPositions = new HashMap<>();
        private final Map<String, List<ModelPolicy>> copies = new LinkedHashMap<>();
        private final List<NodeInfo> nodes = new ArrayList<>();
        private final Map<String, Double> tierOrders = new LinkedHashMap<>();
        private final Map<String, RuleAction> tierDefaultActions = new LinkedHashMap<>();
        private final List<String> podCidrs = new ArrayList<>();
        private final List<CalicoNetworkSet> networkSets = new ArrayList<>();
        private final Map<String, Map<String, String>> serviceAccountLabels = new HashMap<>();
        private final List<PolicyError> errors = new ArrayList<>();

        public Builder namespace(NamespaceInfo namespace) {
            namespaces.put(namespace.name(), namespace);
            return this;
        }

        public Builder pod(PodEndpoint pod) {
            pods.add(pod);
            return this;
        }

        /** Adds a policy; one with the same identity as an earlier one replaces it (the later one wins). */
        public Builder policy(ModelPolicy policy) {
            ObjectRef ref = policy.ref();
            String identity = ref.apiVersion().replaceFirst("/[^/]*$", "") + "|" + ref.kind() + "|" + ref.namespace() + "|" + ref.name();
            Integer position = policyPositions.putIfAbsent(identity, policies.size());
            if (position == null) {
                policies.add(policy);
            } else {
                policies.set(position, policy);
            }
            copies.computeIfAbsent(identity, k -> new ArrayList<>()).add(policy);
            return this;
        }

        /** A pod CIDR of the cluster; throws {@link IllegalArgumentException} saying what is wrong. */
        public Builder podCidr(String cidr) {
            try {
                AddressSet.cidr(cidr);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pod CIDR " + e.getMessage());
            }
            podCidrs.add(cidr);
            return this;
        }

        public Builder networkSet(CalicoNetworkSet set) {
            networkSets.add(set);
            return this;
        }

        /** The labels of a ServiceAccount (what Calico's serviceAccounts selectors match). */
        public Builder serviceAccount(String namespace, String name, Map<String, String> labels) {
            serviceAccountLabels.put((namespace.isEmpty() ? "default" : namespace) + "/" + name, Map.copyOf(labels));
            return this;
        }

        public Builder tierDefaultAction(String name, RuleAction action) {
            tierDefaultActions.put(name, action);
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
            } else if (AdminNetworkPolicy.isOne(object)) {
                ParsedPolicy<AdminNetworkPolicy> parsed = AdminNetworkPolicy.parse(object);
                parsed.policy().ifPresent(this::policy);
                errors.addAll(parsed.errors());
            } else if (CalicoNetworkSet.isOne(object)) {
                networkSet(CalicoNetworkSet.parse(object, errors));
            } else if (object.kind().equals("ServiceAccount") && object.group().isEmpty()) {
                serviceAccount(object.namespace(), object.name(), object.labels());
            } else if (object.kind().equals("Tier") && object.group().contains("projectcalico.org")) {
                var order = object.root().path("spec").path("order");
                if (order.isNumber()) {
                    tier(object.name(), order.asDouble());
                }
                String action = object.root().path("spec").path("defaultAction").asText("Deny");
                if (action.equals("Deny") || action.equals("Pass")) {
                    tierDefaultAction(object.name(), RuleAction.parse(action));
                } else {
                    error(PolicyError.at(object, "spec.defaultAction", "defaultAction must be Deny or Pass, not \"" + action
                            + "\"; the tier denies at its end (Calico's default)"));
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
            List<PolicyWarning> warnings = new ArrayList<>();
            copies.forEach((identity, list) -> {
                if (list.size() > 1) {
                    warnings.add(PolicyWarning.duplicate(list));
                }
            });
            return new ClusterSnapshot(all, pods, policies, nodes, tierOrders, tierDefaultActions, podCidrs, networkSets,
                    serviceAccountLabels, errors, warnings);
        }
    }
}
