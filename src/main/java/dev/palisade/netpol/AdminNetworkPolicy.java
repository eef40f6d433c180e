package dev.palisade.netpol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.source.KubeObject;
import dev.palisade.source.ObjectRef;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An AdminNetworkPolicy or BaselineAdminNetworkPolicy ({@code policy.networking.k8s.io/v1alpha1}, the Kubernetes
 * network-policy API project). Cluster-scoped. From its API types:
 * <ul>
 *   <li>{@code priority} "is a value from 0 to 1000. Policies with lower priority values have higher precedence";
 *   "All AdminNetworkPolicy rules have higher precedence than NetworkPolicy or BaselineAdminNetworkPolicy rules."
 *   Equal priorities are ambiguous upstream; the model orders them by name.</li>
 *   <li>{@code subject}: exactly one of {@code namespaces} (a label selector) or {@code pods}
 *   ({@code namespaceSelector} AND {@code podSelector}).</li>
 *   <li>rules in order, the first that matches decides: Allow, Deny, or (ANP only) Pass, which "instructs the
 *   selected traffic to skip any remaining ANP rules, and then pass execution to any NetworkPolicies that select the
 *   pod. If the pod is not selected by any NetworkPolicies then execution is passed to any
 *   BaselineAdminNetworkPolicies". "ANPs with no ingress rules do not affect ingress traffic."</li>
 *   <li>peers: {@code namespaces} or {@code pods}; egress also {@code nodes} (the nodes' addresses),
 *   {@code networks} (CIDRs, which "cluster-internal traffic will be checked against ... as well") and
 *   {@code domainNames} (not modelled). A peer with no known field "should fail closed": an Allow rule matches
 *   nothing through it, a Deny or Pass rule matches everything.</li>
 *   <li>ports: {@code portNumber} ({@code protocol}, {@code port}), {@code namedPort}, {@code portRange}
 *   ({@code start}, {@code end}); protocol TCP when unset; no ports = every port.</li>
 * </ul>
 * In the model they are the tiers Calico gives them: {@code kube-admin} (order 1,000, before the default tier) and
 * {@code kube-baseline} (order 10,000,000, after it), both passing what none of their rules decides; the priority is
 * the policy's order. So evaluation is ANP by priority, then NetworkPolicy (and Calico's default tier), then BANP,
 * then allowed.
 */
public record AdminNetworkPolicy(ObjectRef ref, String file, int line, boolean baseline, int priority,
                                 LabelSelector subjectNamespaces, LabelSelector subjectPods, Set<Direction> types,
                                 List<PolicyRule> ingress, List<PolicyRule> egress) implements ModelPolicy {

    public static final String ADMIN_TIER = "kube-admin";
    public static final String BASELINE_TIER = "kube-baseline";
    public static final double ADMIN_TIER_ORDER = 1_000;
    public static final double BASELINE_TIER_ORDER = 10_000_000;

    public AdminNetworkPolicy {
        types = Set.copyOf(types);
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
    }

    @Override
    public String tier() {
        return baseline ? BASELINE_TIER : ADMIN_TIER;
    }

    @Override
    public double order() {
        return priority;
    }

    @Override
    public String sortName() {
        return ref.name();
    }

    @Override
    public boolean selects(PodContext pod) {
        return subjectNamespaces.matches(pod.namespace().labels()) && (subjectPods == null || subjectPods.matches(pod.pod().labels()));
    }

    @Override
    public List<PolicyRule> rules(Direction direction) {
        return direction == Direction.INGRESS ? ingress : egress;
    }

    /** {@code policy.networking.k8s.io} AdminNetworkPolicy or BaselineAdminNetworkPolicy. */
    public static boolean isOne(KubeObject object) {
        return object.group().equals("policy.networking.k8s.io")
                && (object.kind().equals("AdminNetworkPolicy") || object.kind().equals("BaselineAdminNetworkPolicy"));
    }

    /** Reads one; never throws. */
    public static ParsedPolicy<AdminNetworkPolicy> parse(KubeObject object) {
        PolicyReader reader = new PolicyReader(object);
        boolean baseline = object.kind().equals("BaselineAdminNetworkPolicy");
        ObjectRef ref = new ObjectRef(object.apiVersion(), object.kind(), "", object.name());
        JsonNode spec = object.root().path("spec");
        JsonNode subject = spec.path("subject");
        if (!spec.isObject() || !subject.isObject() || subject.has("namespaces") == subject.has("pods")) {
            reader.error("spec.subject", "a subject needs exactly one of namespaces or pods; the policy is left out");
            return new ParsedPolicy<>(Optional.empty(), reader.errors);
        }
        int priority = 0;
        if (!baseline) {
            JsonNode node = spec.path("priority");
            if (!node.isIntegralNumber() || node.asInt() < 0 || node.asInt() > 1000) {
                reader.error("spec.priority", "priority must be a number from 0 to 1000, not \"" + node.asText() + "\"; the policy is left out");
                return new ParsedPolicy<>(Optional.empty(), reader.errors);
            }
            priority = node.asInt();
        }
        LabelSelector namespaces;
        LabelSelector pods = null;
        if (subject.has("namespaces")) {
            namespaces = reader.labelSelector(subject.path("namespaces"), "spec.subject.namespaces");
        } else {
            namespaces = reader.labelSelector(subject.path("pods").path("namespaceSelector"), "spec.subject.pods.namespaceSelector");
            pods = reader.labelSelector(subject.path("pods").path("podSelector"), "spec.subject.pods.podSelector");
            if (pods == null) {
                return new ParsedPolicy<>(Optional.empty(), reader.errors);
            }
        }
        if (namespaces == null) {
            return new ParsedPolicy<>(Optional.empty(), reader.errors);
        }
        List<PolicyRule> ingress = rules(reader, spec, Direction.INGRESS, baseline);
        List<PolicyRule> egress = rules(reader, spec, Direction.EGRESS, baseline);
        Set<Direction> types = EnumSet.noneOf(Direction.class);
        if (!reader.list(spec.path("ingress"), "spec.ingress").isEmpty()) {
            types.add(Direction.INGRESS);
        }
        if (!reader.list(spec.path("egress"), "spec.egress").isEmpty()) {
            types.add(Direction.EGRESS);
        }
        return new ParsedPolicy<>(Optional.of(new AdminNetworkPolicy(ref, object.file(), object.line(), baseline, priority,
                namespaces, pods, types, ingress, egress)), reader.errors);
    }

    private static List<PolicyRule> rules(PolicyReader reader, JsonNode spec, Direction direction, boolean baseline) {
        String field = direction.lower();
        String peersField = direction == Direction.INGRESS ? "from" : "to";
        JsonNode list = reader.list(spec.path(field), "spec." + field);
        List<PolicyRule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "spec." + field + "[" + i + "]";
            JsonNode rule = list.get(i);
            RuleAction action = RuleAction.parse(rule.path("action").asText(null));
            if (action == null || action == RuleAction.LOG || (baseline && action == RuleAction.PASS)) {
                reader.error(path + ".action", "action must be Allow, Deny" + (baseline ? "" : " or Pass") + ", not \""
                        + rule.path("action").asText("") + "\"; the rule is left out");
                continue;
            }
            List<NetworkPolicyPeer> peers = new ArrayList<>();
            JsonNode peerNodes = reader.list(rule.path(peersField), path + "." + peersField);
            if (peerNodes.isEmpty()) {
                reader.error(path + "." + peersField, peersField + " must list at least one peer; the rule is left out");
                continue;
            }
            boolean failClosed = false;
            for (int j = 0; j < peerNodes.size(); j++) {
                NetworkPolicyPeer peer = peer(reader, peerNodes.get(j), path + "." + peersField + "[" + j + "]", direction);
                if (peer != null) {
                    peers.add(peer);
                } else if (action != RuleAction.ALLOW) {
                    failClosed = true;
                }
            }
            if (failClosed) {
                // "For Deny and Pass rules, fail closed means: treat the rule as a 'Deny all' rule."
                peers = List.of();
            } else if (peers.isEmpty()) {
                continue;
            }
            List<NetworkPolicyPort> ports = new ArrayList<>();
            JsonNode portNodes = reader.list(rule.path("ports"), path + ".ports");
            for (int j = 0; j < portNodes.size(); j++) {
                NetworkPolicyPort port = port(reader, portNodes.get(j), path + ".ports[" + j + "]");
                if (port != null) {
                    ports.add(port);
                }
            }
            if (!portNodes.isEmpty() && ports.isEmpty()) {
                continue;
            }
            rules.add(new PolicyRule(i, path, failClosed ? RuleAction.DENY : action, peers, ports, null));
        }
        return rules;
    }

    /** One peer; null when it cannot be modelled (the caller fails closed). */
    private static NetworkPolicyPeer peer(PolicyReader reader, JsonNode node, String path, Direction direction) {
        if (node.has("namespaces")) {
            LabelSelector namespaces = reader.labelSelector(node.path("namespaces"), path + ".namespaces");
            return namespaces == null ? null : new NetworkPolicyPeer(null, namespaces, null, null, false);
        }
        if (node.has("pods")) {
            LabelSelector namespaces = reader.labelSelector(node.path("pods").path("namespaceSelector"), path + ".pods.namespaceSelector");
            LabelSelector pods = reader.labelSelector(node.path("pods").path("podSelector"), path + ".pods.podSelector");
            return namespaces == null || pods == null ? null : new NetworkPolicyPeer(pods, namespaces, null, null, false);
        }
        if (direction == Direction.EGRESS && node.has("networks")) {
            List<IpBlock> nets = new ArrayList<>();
            JsonNode list = reader.list(node.path("networks"), path + ".networks");
            for (int i = 0; i < list.size(); i++) {
                IpBlock block = reader.ipBlock(list.get(i).asText(), List.of(), path + ".networks[" + i + "]");
                if (block == null) {
                    return null;
                }
                nets.add(block);
            }
            return new NetworkPolicyPeer(null, null, null, nets, false);
        }
        if (direction == Direction.EGRESS && node.has("nodes")) {
            LabelSelector nodes = reader.labelSelector(node.path("nodes"), path + ".nodes");
            return nodes == null ? null : NetworkPolicyPeer.nodes(nodes);
        }
        String field = node.fieldNames().hasNext() ? node.fieldNames().next() : "(none)";
        reader.error(path, "peer " + field + " is not modelled by Palisade" + (direction == Direction.INGRESS
                ? " (ingress peers are namespaces or pods)" : "") + "; an Allow rule matches nothing through it, a Deny or Pass rule everything");
        return null;
    }

    private static NetworkPolicyPort port(PolicyReader reader, JsonNode node, String path) {
        if (node.has("namedPort")) {
            return NetworkPolicyPort.named(null, node.path("namedPort").asText());
        }
        JsonNode number = node.path("portNumber");
        JsonNode range = node.path("portRange");
        JsonNode protocolNode = number.isObject() ? number.path("protocol") : range.path("protocol");
        Protocol protocol = protocolNode.isMissingNode() || protocolNode.isNull() ? Protocol.TCP : Protocol.parse(protocolNode.asText());
        if (protocol == null || !protocol.hasPorts()) {
            reader.error(path, "protocol must be TCP, UDP or SCTP, not \"" + protocolNode.asText() + "\"; the port is left out");
            return null;
        }
        int first = number.isObject() ? number.path("port").asInt(0) : range.path("start").asInt(0);
        int last = number.isObject() ? first : range.path("end").asInt(0);
        if ((!number.isObject() && !range.isObject()) || first < 1 || last > 65535 || last < first) {
            reader.error(path, "a port needs portNumber {protocol, port}, namedPort, or portRange {protocol, start, end} within 1-65535;"
                    + " the port is left out");
            return null;
        }
        return NetworkPolicyPort.range(protocol, first, last);
    }
}
