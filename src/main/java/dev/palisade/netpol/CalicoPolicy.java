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
 * A Calico {@code projectcalico.org/v3} NetworkPolicy (namespaced) or GlobalNetworkPolicy. From Calico's policy
 * reference:
 * <ul>
 *   <li>{@code order}: "Controls the order of precedence. Calico applies the policy with the lowest value first."
 *   Policies without order come last; equal orders are sorted by name.</li>
 *   <li>{@code selector} selects the endpoints the policy applies to (default {@code all()}), within the policy's
 *   namespace for a NetworkPolicy; a GlobalNetworkPolicy's {@code namespaceSelector} narrows it to namespaces.</li>
 *   <li>{@code types}: when absent, Ingress if there are no egress rules, Egress if there are only egress rules,
 *   both when both are present.</li>
 *   <li>rules: {@code action} Allow, Deny, Log or Pass; {@code protocol} (absent: every protocol);
 *   {@code source}/{@code destination} with {@code selector}, {@code namespaceSelector}, {@code nets} and (on the
 *   destination) {@code ports} (numbers, {@code "from:to"} ranges and names). A rule selector without
 *   namespaceSelector selects endpoints of the policy's namespace (of every namespace for a global policy).</li>
 * </ul>
 * Not modelled, reported as errors and the rule left out: {@code notSelector}, {@code notNets}, {@code notPorts},
 * source ports, {@code notProtocol}, {@code icmp}, {@code http}, {@code serviceAccounts}, {@code services};
 * policies with {@code doNotTrack}, {@code preDNAT} or {@code serviceAccountSelector} are left out.
 */
public record CalicoPolicy(ObjectRef ref, String file, int line, boolean global, String tier, Double explicitOrder,
                           CalicoSelector selector, CalicoSelector namespaceSelector, Set<Direction> types,
                           List<PolicyRule> ingress, List<PolicyRule> egress) implements ModelPolicy {

    private static final Set<String> RULE_FIELDS = Set.of("action", "protocol", "source", "destination", "ipVersion", "metadata");
    private static final Set<String> ENTITY_FIELDS = Set.of("selector", "namespaceSelector", "nets", "ports");

    public CalicoPolicy {
        types = Set.copyOf(types);
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
    }

    @Override
    public double order() {
        return explicitOrder == null ? Double.POSITIVE_INFINITY : explicitOrder;
    }

    @Override
    public String sortName() {
        return ref.name();
    }

    @Override
    public boolean selects(PodContext pod) {
        if (!global && !pod.pod().namespace().equals(ref.namespace())) {
            return false;
        }
        if (namespaceSelector != null && !namespaceSelector.matches(pod.calicoNamespaceLabels())) {
            return false;
        }
        return selector == null || selector.matches(pod.calicoLabels());
    }

    @Override
    public List<PolicyRule> rules(Direction direction) {
        if (!types.contains(direction)) {
            return List.of();
        }
        return direction == Direction.INGRESS ? ingress : egress;
    }

    /** projectcalico.org/v3 (or the crd.projectcalico.org/v1 storage form) NetworkPolicy or GlobalNetworkPolicy. */
    public static boolean isOne(KubeObject object) {
        return (object.group().equals("projectcalico.org") || object.group().equals("crd.projectcalico.org"))
                && (object.kind().equals("NetworkPolicy") || object.kind().equals("GlobalNetworkPolicy"));
    }

    /** Reads a Calico policy; never throws. */
    public static ParsedPolicy<CalicoPolicy> parse(KubeObject object) {
        PolicyReader reader = new PolicyReader(object);
        boolean global = object.kind().equals("GlobalNetworkPolicy");
        String namespace = global ? "" : (object.namespace().isEmpty() ? "default" : object.namespace());
        ObjectRef ref = new ObjectRef(object.apiVersion(), object.kind(), namespace, object.name());
        JsonNode spec = object.root().path("spec");
        if (!spec.isObject()) {
            reader.error("spec", "a Calico policy needs a spec");
            return new ParsedPolicy<>(Optional.empty(), reader.errors);
        }
        for (String unsupported : List.of("doNotTrack", "preDNAT", "serviceAccountSelector")) {
            if (spec.path(unsupported).isTextual() || spec.path(unsupported).asBoolean(false)) {
                reader.error("spec." + unsupported, unsupported + " is not modelled by Palisade; the policy is left out");
                return new ParsedPolicy<>(Optional.empty(), reader.errors);
            }
        }
        CalicoSelector selector = spec.has("selector") ? reader.calicoSelector(spec.path("selector"), "spec.selector") : null;
        if (spec.has("selector") && selector == null) {
            return new ParsedPolicy<>(Optional.empty(), reader.errors);
        }
        CalicoSelector namespaceSelector = null;
        if (global && spec.has("namespaceSelector")) {
            namespaceSelector = reader.calicoSelector(spec.path("namespaceSelector"), "spec.namespaceSelector");
            if (namespaceSelector == null) {
                return new ParsedPolicy<>(Optional.empty(), reader.errors);
            }
        }
        Double order = null;
        if (spec.has("order") && !spec.get("order").isNull()) {
            if (!spec.get("order").isNumber() && !spec.get("order").asText().matches("-?\\d+(\\.\\d+)?")) {
                reader.error("spec.order", "order must be a number, not \"" + spec.get("order").asText() + "\"; the policy is left out");
                return new ParsedPolicy<>(Optional.empty(), reader.errors);
            }
            order = spec.get("order").asDouble();
        }
        String tier = spec.path("tier").asText("default");
        JsonNode ingressNode = reader.list(spec.path("ingress"), "spec.ingress");
        JsonNode egressNode = reader.list(spec.path("egress"), "spec.egress");
        Set<Direction> types = EnumSet.noneOf(Direction.class);
        if (spec.has("types") && !spec.get("types").isNull()) {
            JsonNode list = reader.list(spec.path("types"), "spec.types");
            for (int i = 0; i < list.size(); i++) {
                switch (list.get(i).asText()) {
                    case "Ingress" -> types.add(Direction.INGRESS);
                    case "Egress" -> types.add(Direction.EGRESS);
                    default -> reader.error("spec.types[" + i + "]", "type must be Ingress or Egress, not \"" + list.get(i).asText() + "\"");
                }
            }
        } else {
            if (!ingressNode.isEmpty() || egressNode.isEmpty()) {
                types.add(Direction.INGRESS);
            }
            if (!egressNode.isEmpty()) {
                types.add(Direction.EGRESS);
            }
        }
        List<PolicyRule> ingress = rules(reader, ingressNode, Direction.INGRESS, global ? null : namespace);
        List<PolicyRule> egress = rules(reader, egressNode, Direction.EGRESS, global ? null : namespace);
        return new ParsedPolicy<>(Optional.of(new CalicoPolicy(ref, object.file(), object.line(), global, tier, order,
                selector, namespaceSelector, types, ingress, egress)), reader.errors);
    }

    private static List<PolicyRule> rules(PolicyReader reader, JsonNode list, Direction direction, String namespace) {
        List<PolicyRule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "spec." + direction.lower() + "[" + i + "]";
            PolicyRule rule = rule(reader, list.get(i), path, i, direction, namespace);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private static PolicyRule rule(PolicyReader reader, JsonNode node, String path, int index, Direction direction,
                                   String namespace) {
        RuleAction action = RuleAction.parse(node.path("action").asText(null));
        if (action == null) {
            reader.error(path + ".action", "action must be Allow, Deny, Log or Pass, not \"" + node.path("action").asText("")
                    + "\"; the rule is left out");
            return null;
        }
        for (String field : (Iterable<String>) node::fieldNames) {
            if (!RULE_FIELDS.contains(field)) {
                reader.error(path + "." + field, field + " is not modelled by Palisade; the rule is left out");
                return null;
            }
        }
        Protocol protocol = null;
        if (node.has("protocol") && !node.get("protocol").isNull()) {
            protocol = Protocol.parse(node.get("protocol").asText());
            if (protocol == null) {
                reader.error(path + ".protocol", "protocol must be TCP, UDP, SCTP or ICMP (or 6, 17, 132, 1), not \""
                        + node.get("protocol").asText() + "\"; the rule is left out");
                return null;
            }
        }
        JsonNode source = node.path("source");
        JsonNode destination = node.path("destination");
        for (String side : List.of("source", "destination")) {
            for (String field : (Iterable<String>) node.path(side)::fieldNames) {
                if (!ENTITY_FIELDS.contains(field) || (side.equals("source") && field.equals("ports"))) {
                    reader.error(path + "." + side + "." + field, side + "." + field
                            + " is not modelled by Palisade; the rule is left out");
                    return null;
                }
            }
        }
        JsonNode remote = direction == Direction.INGRESS ? source : destination;
        JsonNode local = direction == Direction.INGRESS ? destination : source;
        String remoteSide = direction == Direction.INGRESS ? "source" : "destination";
        String localSide = direction == Direction.INGRESS ? "destination" : "source";
        NetworkPolicyPeer peer = entity(reader, remote, path + "." + remoteSide, namespace);
        NetworkPolicyPeer localPeer = entity(reader, local, path + "." + localSide, namespace);
        if (peer == null || localPeer == null) {
            return null;
        }
        List<NetworkPolicyPort> ports = new ArrayList<>();
        JsonNode portNodes = reader.list(destination.path("ports"), path + ".destination.ports");
        if (!portNodes.isEmpty() && (protocol == null || !protocol.hasPorts())) {
            reader.error(path + ".destination.ports", "ports need protocol TCP, UDP or SCTP; the rule is left out");
            return null;
        }
        for (int j = 0; j < portNodes.size(); j++) {
            NetworkPolicyPort port = port(reader, portNodes.get(j), protocol, path + ".destination.ports[" + j + "]");
            if (port == null) {
                return null;
            }
            ports.add(port);
        }
        if (ports.isEmpty() && protocol != null) {
            ports.add(NetworkPolicyPort.all(protocol));
        }
        return new PolicyRule(index, path, action, peer.isAny() ? List.of() : List.of(peer), ports,
                localPeer.isAny() ? null : localPeer);
    }

    private static NetworkPolicyPeer entity(PolicyReader reader, JsonNode node, String path, String namespace) {
        CalicoSelector selector = reader.calicoSelector(node.path("selector"), path + ".selector");
        CalicoSelector namespaces = reader.calicoSelector(node.path("namespaceSelector"), path + ".namespaceSelector");
        if ((node.has("selector") && selector == null) || (node.has("namespaceSelector") && namespaces == null)) {
            return null;
        }
        List<IpBlock> nets = null;
        if (node.has("nets")) {
            nets = new ArrayList<>();
            JsonNode list = reader.list(node.path("nets"), path + ".nets");
            for (int i = 0; i < list.size(); i++) {
                IpBlock block = reader.ipBlock(list.get(i).asText(), List.of(), path + ".nets[" + i + "]");
                if (block == null) {
                    return null;
                }
                nets.add(block);
            }
        }
        if (selector == null && namespaces == null && nets == null) {
            return new NetworkPolicyPeer(null, null, null, null, true);
        }
        // A selector alone stays in the policy's namespace; a namespaceSelector alone means every pod there.
        LabelMatcher pods = selector != null ? selector : (namespaces != null ? CalicoSelector.parse("all()") : null);
        return new NetworkPolicyPeer(pods, namespaces, namespaces == null && selector != null ? namespace : null, nets, true);
    }

    private static NetworkPolicyPort port(PolicyReader reader, JsonNode node, Protocol protocol, String path) {
        String text = node.asText("");
        if (node.isInt() || text.matches("\\d+")) {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return NetworkPolicyPort.range(protocol, port, port);
            }
        } else if (text.matches("\\d+:\\d+")) {
            int from = Integer.parseInt(text.substring(0, text.indexOf(':')));
            int to = Integer.parseInt(text.substring(text.indexOf(':') + 1));
            if (from >= 1 && to <= 65535 && from <= to) {
                return NetworkPolicyPort.range(protocol, from, to);
            }
        } else if (text.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
            return NetworkPolicyPort.named(protocol, text);
        }
        reader.error(path, "a port must be a number, a range \"from:to\" or a port name, not \"" + text + "\"; the rule is left out");
        return null;
    }
}
