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
 * reference and API types:
 * <ul>
 *   <li>{@code order}: "Controls the order of precedence. Calico applies the policy with the lowest value first."
 *   Policies without order come last; equal orders are sorted by name.</li>
 *   <li>{@code selector} selects the endpoints the policy applies to (default {@code all()}), within the policy's
 *   namespace for a NetworkPolicy; a GlobalNetworkPolicy's {@code namespaceSelector} narrows it to namespaces;
 *   {@code serviceAccountSelector} "select[s] a pod based on service accounts" (their labels).</li>
 *   <li>{@code types}: when absent, Ingress if there are no egress rules, Egress if there are only egress rules,
 *   both when both are present.</li>
 *   <li>rules: {@code action} Allow, Deny, Log or Pass; {@code ipVersion} 4 or 6; {@code protocol} (absent: every
 *   protocol; TCP, UDP, SCTP, ICMP, ICMPv6 or 6, 17, 132, 1, 58); {@code icmp}/{@code notICMP} {@code type} and
 *   {@code code}; "Each positive match criteria has a negated version, prefixed with Not. All the match criteria
 *   within a rule must be satisfied": {@code source}/{@code destination} with {@code selector},
 *   {@code notSelector}, {@code namespaceSelector}, {@code serviceAccounts} ({@code names} and {@code selector},
 *   ANDed), {@code nets}, {@code notNets} and (on the destination) {@code ports}/{@code notPorts} (numbers,
 *   {@code "from:to"} ranges and, in {@code ports}, names). See {@link NetworkPolicyPeer} for how selectors
 *   combine and {@link CalicoNetworkSet} for network sets.</li>
 * </ul>
 * Not modelled, reported as errors and the rule left out: source ports, {@code notProtocol}, {@code http},
 * {@code services}, port names in {@code notPorts}. {@code doNotTrack} and {@code preDNAT} policies apply only to
 * host endpoints (Felix never puts them in a workload's tiers), which Palisade does not model: such a policy is
 * reported and left out, which is exact for pod traffic. {@code applyOnForward} is reported (its effect on
 * forwarded host-endpoint traffic is not modelled) and the policy applies to pods as usual.
 */
public record CalicoPolicy(ObjectRef ref, String file, int line, boolean global, String tier, Double explicitOrder,
                           CalicoSelector selector, CalicoSelector namespaceSelector, CalicoSelector serviceAccountSelector,
                           Set<Direction> types, List<PolicyRule> ingress, List<PolicyRule> egress) implements ModelPolicy {

    private static final Set<String> RULE_FIELDS = Set.of("action", "protocol", "source", "destination", "ipVersion",
            "metadata", "icmp", "notICMP");
    private static final Set<String> ENTITY_FIELDS = Set.of("selector", "notSelector", "namespaceSelector", "nets",
            "notNets", "ports", "notPorts", "serviceAccounts");

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
        if (serviceAccountSelector != null && !serviceAccountSelector.matches(pod.calicoLabels())) {
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
        for (String hostOnly : List.of("doNotTrack", "preDNAT")) {
            if (spec.path(hostOnly).asBoolean(false)) {
                reader.error("spec." + hostOnly, hostOnly + " policies apply only to host endpoints, which Palisade does not model;"
                        + " they never apply to pods, so the policy is left out of the pod model");
                return new ParsedPolicy<>(Optional.empty(), reader.errors);
            }
        }
        if (spec.path("applyOnForward").asBoolean(false)) {
            reader.error("spec.applyOnForward", "applyOnForward concerns traffic forwarded through host endpoints, which"
                    + " Palisade does not model; the policy applies to pods as usual");
        }
        CalicoSelector serviceAccountSelector = null;
        if (spec.has("serviceAccountSelector")) {
            serviceAccountSelector = reader.calicoSelector(spec.path("serviceAccountSelector"), "spec.serviceAccountSelector",
                    PodContext.SERVICE_ACCOUNT_PREFIX);
            if (serviceAccountSelector == null) {
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
                selector, namespaceSelector, serviceAccountSelector, types, ingress, egress)), reader.errors);
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
                reader.error(path + ".protocol", "protocol must be TCP, UDP, SCTP, ICMP or ICMPv6 (or 6, 17, 132, 1, 58), not \""
                        + node.get("protocol").asText() + "\"; the rule is left out");
                return null;
            }
        }
        JsonNode source = node.path("source");
        JsonNode destination = node.path("destination");
        for (String side : List.of("source", "destination")) {
            for (String field : (Iterable<String>) node.path(side)::fieldNames) {
                if (!ENTITY_FIELDS.contains(field) || (side.equals("source") && (field.equals("ports") || field.equals("notPorts")))) {
                    reader.error(path + "." + side + "." + field, side + "." + field
                            + " is not modelled by Palisade; the rule is left out");
                    return null;
                }
            }
        }
        List<IpBlock> family = null;
        if (node.has("ipVersion") && !node.get("ipVersion").isNull()) {
            int version = node.get("ipVersion").asInt(0);
            if (version != 4 && version != 6) {
                reader.error(path + ".ipVersion", "ipVersion must be 4 or 6, not \"" + node.get("ipVersion").asText() + "\"; the rule is left out");
                return null;
            }
            family = List.of(IpBlock.of(version == 4 ? "0.0.0.0/0" : "::/0"));
        }
        JsonNode remote = direction == Direction.INGRESS ? source : destination;
        JsonNode local = direction == Direction.INGRESS ? destination : source;
        String remoteSide = direction == Direction.INGRESS ? "source" : "destination";
        String localSide = direction == Direction.INGRESS ? "destination" : "source";
        NetworkPolicyPeer peer = entity(reader, remote, path + "." + remoteSide, namespace, family);
        // ipVersion constrains the remote address; the selected pod's own addresses of that family are not known.
        NetworkPolicyPeer localPeer = entity(reader, local, path + "." + localSide, namespace, null);
        if (peer == null || localPeer == null) {
            return null;
        }
        List<NetworkPolicyPort> ports = ports(reader, node, destination, protocol, path);
        if (ports == null) {
            return null;
        }
        return new PolicyRule(index, path, action, peer.isAny() ? List.of() : List.of(peer), ports,
                localPeer.isAny() ? null : localPeer);
    }

    /**
     * The rule's destination ports as ranges: {@code ports} (or every port) without {@code notPorts}; for ICMP
     * the {@code icmp} type and code without {@code notICMP}. Null (and an error) when they cannot be read.
     */
    private static List<NetworkPolicyPort> ports(PolicyReader reader, JsonNode rule, JsonNode destination, Protocol protocol,
                                                 String path) {
        JsonNode portNodes = reader.list(destination.path("ports"), path + ".destination.ports");
        JsonNode notPortNodes = reader.list(destination.path("notPorts"), path + ".destination.notPorts");
        boolean icmp = rule.has("icmp") || rule.has("notICMP");
        if ((!portNodes.isEmpty() || !notPortNodes.isEmpty()) && (protocol == null || !protocol.hasPorts())) {
            reader.error(path + ".destination." + (portNodes.isEmpty() ? "notPorts" : "ports"),
                    "ports need protocol TCP, UDP or SCTP; the rule is left out");
            return null;
        }
        if (icmp && (protocol == null || protocol.hasPorts())) {
            reader.error(path + "." + (rule.has("icmp") ? "icmp" : "notICMP"), "icmp needs protocol ICMP or ICMPv6; the rule is left out");
            return null;
        }
        List<NetworkPolicyPort> ports = new ArrayList<>();
        List<NetworkPolicyPort> excluded = new ArrayList<>();
        if (icmp) {
            NetworkPolicyPort type = icmpMatch(reader, rule.path("icmp"), protocol, path + ".icmp");
            NetworkPolicyPort notType = icmpMatch(reader, rule.path("notICMP"), protocol, path + ".notICMP");
            if ((rule.has("icmp") && type == null) || (rule.has("notICMP") && notType == null)) {
                return null;
            }
            ports.add(type != null ? type : NetworkPolicyPort.all(protocol));
            if (notType != null) {
                excluded.add(notType);
            }
        } else {
            for (int j = 0; j < portNodes.size(); j++) {
                NetworkPolicyPort port = port(reader, portNodes.get(j), protocol, path + ".destination.ports[" + j + "]");
                if (port == null) {
                    return null;
                }
                ports.add(port);
            }
            for (int j = 0; j < notPortNodes.size(); j++) {
                String at = path + ".destination.notPorts[" + j + "]";
                NetworkPolicyPort port = port(reader, notPortNodes.get(j), protocol, at);
                if (port == null) {
                    return null;
                }
                if (port.isNamed()) {
                    reader.error(at, "a port name in notPorts is not modelled by Palisade; the rule is left out");
                    return null;
                }
                excluded.add(port);
            }
            if (ports.isEmpty() && protocol != null) {
                ports.add(NetworkPolicyPort.all(protocol));
            }
        }
        if (excluded.isEmpty()) {
            return ports;
        }
        if (ports.stream().anyMatch(NetworkPolicyPort::isNamed)) {
            reader.error(path + ".destination.notPorts", "notPorts together with port names is not modelled by Palisade; the rule is left out");
            return null;
        }
        List<NetworkPolicyPort> left = PortRanges.minus(ports, excluded, protocol.hasPorts() ? 1 : 0);
        if (left.isEmpty()) {
            reader.error(path + ".destination.notPorts", "the rule excludes every port it names, so it matches nothing; the rule is left out");
            return null;
        }
        return left;
    }

    /** {@code icmp: {type, code}} as a range of {@code type * 256 + code}; "If specified, the Type value must also be specified". */
    private static NetworkPolicyPort icmpMatch(PolicyReader reader, JsonNode node, Protocol protocol, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        int type = smallNumber(node.path("type"));
        boolean anyCode = node.path("code").isMissingNode() || node.path("code").isNull();
        int code = anyCode ? 0 : smallNumber(node.path("code"));
        if (type < 0 || type > 254 || code < 0 || code > 255) {
            reader.error(path, "icmp needs a type 0-254 and optionally a code 0-255 (a code needs a type); the rule is left out");
            return null;
        }
        int first = Protocol.icmp(type, code);
        return NetworkPolicyPort.range(protocol, first, anyCode ? first + 255 : first);
    }

    /** A non-negative integer as a number or digits, else -1. */
    private static int smallNumber(JsonNode node) {
        String text = node.asText("");
        return (node.isIntegralNumber() || node.isTextual()) && text.matches("\\d{1,3}") ? Integer.parseInt(text) : -1;
    }

    private static NetworkPolicyPeer entity(PolicyReader reader, JsonNode node, String path, String namespace, List<IpBlock> family) {
        CalicoSelector selector = reader.calicoSelector(node.path("selector"), path + ".selector");
        CalicoSelector notSelector = reader.calicoSelector(node.path("notSelector"), path + ".notSelector");
        CalicoSelector namespaces = reader.calicoSelector(node.path("namespaceSelector"), path + ".namespaceSelector");
        if ((node.has("selector") && selector == null) || (node.has("notSelector") && notSelector == null)
                || (node.has("namespaceSelector") && namespaces == null)) {
            return null;
        }
        LabelMatcher accounts = null;
        if (node.has("serviceAccounts")) {
            accounts = serviceAccounts(reader, node.path("serviceAccounts"), path + ".serviceAccounts");
            if (accounts == null) {
                return null;
            }
        }
        List<IpBlock> nets = nets(reader, node, "nets", path);
        List<IpBlock> notNets = nets(reader, node, "notNets", path);
        if ((node.has("nets") && nets == null) || (node.has("notNets") && notNets == null)) {
            return null;
        }
        if (family != null) {
            // ipVersion: only addresses of that family match.
            boolean v6 = family.getFirst().cidr().contains(":");
            nets = nets == null ? family : nets.stream().filter(n -> n.cidr().contains(":") == v6).toList();
        }
        LabelMatcher podMatcher = selector;
        if (accounts != null) {
            podMatcher = podMatcher == null ? accounts : LabelMatchers.both(podMatcher, accounts);
        }
        boolean anySelector = podMatcher != null || namespaces != null || notSelector != null;
        if (!anySelector && nets == null && notNets == null) {
            return new NetworkPolicyPeer(null, null, null, null, true);
        }
        // A selector (or notSelector) alone stays in the policy's namespace; a namespaceSelector alone means every pod there.
        LabelMatcher pods = podMatcher != null ? podMatcher
                : (namespaces != null || (notSelector != null && namespace != null) ? CalicoSelector.parse("all()") : null);
        return new NetworkPolicyPeer(pods, namespaces, namespaces == null && pods != null ? namespace : null, nets, true,
                notSelector, notNets, null);
    }

    /** {@code names} (the pod's ServiceAccount is one of them) AND {@code selector} (over its labels). */
    private static LabelMatcher serviceAccounts(PolicyReader reader, JsonNode node, String path) {
        List<String> names = PolicyReader.strings(reader.list(node.path("names"), path + ".names"));
        CalicoSelector selector = reader.calicoSelector(node.path("selector"), path + ".selector", PodContext.SERVICE_ACCOUNT_PREFIX);
        if (node.has("selector") && selector == null) {
            return null;
        }
        LabelMatcher byName = names.isEmpty() ? null : LabelMatchers.valueIn(PodContext.SERVICE_ACCOUNT_LABEL, names);
        if (byName == null && selector == null) {
            return CalicoSelector.parse("has(" + PodContext.SERVICE_ACCOUNT_LABEL + ")");
        }
        return byName == null ? selector : selector == null ? byName : LabelMatchers.both(selector, byName);
    }

    private static List<IpBlock> nets(PolicyReader reader, JsonNode node, String field, String path) {
        if (!node.has(field)) {
            return null;
        }
        List<IpBlock> nets = new ArrayList<>();
        JsonNode list = reader.list(node.path(field), path + "." + field);
        for (int i = 0; i < list.size(); i++) {
            // Calico accepts a bare address as its /32 or /128.
            String text = list.get(i).asText();
            String cidr = text.contains("/") ? text : text + (text.contains(":") ? "/128" : "/32");
            IpBlock block = reader.ipBlock(cidr, List.of(), path + "." + field + "[" + i + "]");
            if (block == null) {
                return null;
            }
            nets.add(block);
        }
        return nets;
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
