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
 * A {@code networking.k8s.io/v1} NetworkPolicy. From the API reference:
 * <ul>
 *   <li>podSelector "selects the pods to which this NetworkPolicy object applies ... An empty podSelector selects
 *   all pods in this namespace."</li>
 *   <li>policyTypes: "If this field is not specified, it will default based on the existence of ingress or egress
 *   rules; policies that contain an egress section are assumed to affect egress, and all policies (whether or not
 *   they contain an ingress section) are assumed to affect ingress."</li>
 *   <li>ingress/egress: "Traffic is allowed to a pod if ... at least one NetworkPolicy ... allows it"; a rule's
 *   from/to "If this field is empty or missing, this rule matches all sources"; ports "If this field is empty or
 *   missing, this rule matches all ports".</li>
 *   <li>port: protocol defaults to TCP; "If this field is not provided, this matches all port names and numbers";
 *   endPort "indicates that the range of ports from port to endPort if set, inclusive, should be allowed";
 *   "endPort must be equal or greater than port" and needs a numeric port.</li>
 *   <li>peer: ipBlock "If this field is set then neither of the other fields can be".</li>
 * </ul>
 */
public record KubernetesNetworkPolicy(ObjectRef ref, String file, int line, LabelSelector podSelector,
                                      Set<Direction> types, List<PolicyRule> ingress, List<PolicyRule> egress)
        implements ModelPolicy {

    /** Kubernetes policies sit in Calico's default tier at this order (Calico's own convention). */
    public static final double ORDER = 1000;

    public KubernetesNetworkPolicy {
        types = Set.copyOf(types);
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
    }

    public String namespace() {
        return ref.namespace();
    }

    public String name() {
        return ref.name();
    }

    @Override
    public String tier() {
        return "default";
    }

    @Override
    public double order() {
        return ORDER;
    }

    /** Calico names converted Kubernetes policies {@code knp.default.<name>}; ties with Calico policies follow that. */
    @Override
    public String sortName() {
        return "knp.default." + ref.name();
    }

    @Override
    public boolean selects(PodContext pod) {
        return pod.pod().namespace().equals(ref.namespace()) && podSelector.matches(pod.pod().labels());
    }

    @Override
    public List<PolicyRule> rules(Direction direction) {
        if (!types.contains(direction)) {
            return List.of();
        }
        return direction == Direction.INGRESS ? ingress : egress;
    }

    /** Whether this is a kind this class reads: {@code networking.k8s.io/*} NetworkPolicy. */
    public static boolean isOne(KubeObject object) {
        return object.kind().equals("NetworkPolicy") && object.group().equals("networking.k8s.io");
    }

    /** Reads a NetworkPolicy; never throws. Objects without a namespace are in {@code default}. */
    public static ParsedPolicy<KubernetesNetworkPolicy> parse(KubeObject object) {
        PolicyReader reader = new PolicyReader(object);
        JsonNode spec = object.root().path("spec");
        String namespace = object.namespace().isEmpty() ? "default" : object.namespace();
        ObjectRef ref = new ObjectRef(object.apiVersion(), object.kind(), namespace, object.name());
        if (!spec.isObject()) {
            reader.error("spec", "a NetworkPolicy needs a spec with a podSelector");
            return new ParsedPolicy<>(Optional.empty(), reader.errors);
        }
        if (!spec.has("podSelector")) {
            reader.error("spec", "spec.podSelector is required (use {} to select every pod of the namespace); the policy is left out");
            return new ParsedPolicy<>(Optional.empty(), reader.errors);
        }
        LabelSelector podSelector = reader.labelSelector(spec.path("podSelector"), "spec.podSelector");
        if (podSelector == null) {
            return new ParsedPolicy<>(Optional.empty(), reader.errors);
        }
        JsonNode egressNode = reader.list(spec.path("egress"), "spec.egress");
        Set<Direction> types = EnumSet.noneOf(Direction.class);
        // The API server defaults an empty list as it defaults a missing one.
        if (spec.has("policyTypes") && !spec.get("policyTypes").isNull() && !spec.get("policyTypes").isEmpty()) {
            JsonNode policyTypes = reader.list(spec.path("policyTypes"), "spec.policyTypes");
            for (int i = 0; i < policyTypes.size(); i++) {
                switch (policyTypes.get(i).asText()) {
                    case "Ingress" -> types.add(Direction.INGRESS);
                    case "Egress" -> types.add(Direction.EGRESS);
                    default -> reader.error("spec.policyTypes[" + i + "]", "policy type must be Ingress or Egress, not \""
                            + policyTypes.get(i).asText() + "\"");
                }
            }
        } else {
            types.add(Direction.INGRESS);
            if (!egressNode.isEmpty()) {
                types.add(Direction.EGRESS);
            }
        }
        List<PolicyRule> ingress = rules(reader, spec, Direction.INGRESS, namespace);
        List<PolicyRule> egress = rules(reader, spec, Direction.EGRESS, namespace);
        return new ParsedPolicy<>(Optional.of(new KubernetesNetworkPolicy(ref, object.file(), object.line(), podSelector,
                types, ingress, egress)), reader.errors);
    }

    private static List<PolicyRule> rules(PolicyReader reader, JsonNode spec, Direction direction, String namespace) {
        String field = direction.lower();
        String peersField = direction == Direction.INGRESS ? "from" : "to";
        JsonNode list = reader.list(spec.path(field), "spec." + field);
        List<PolicyRule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "spec." + field + "[" + i + "]";
            JsonNode rule = list.get(i);
            List<NetworkPolicyPeer> peers = new ArrayList<>();
            JsonNode peerNodes = reader.list(rule.path(peersField), path + "." + peersField);
            boolean brokenPeer = false;
            for (int j = 0; j < peerNodes.size(); j++) {
                NetworkPolicyPeer peer = peer(reader, peerNodes.get(j), path + "." + peersField + "[" + j + "]", namespace);
                if (peer == null) {
                    brokenPeer = true;
                } else {
                    peers.add(peer);
                }
            }
            if (brokenPeer && peers.isEmpty()) {
                // Every peer is unreadable: an empty list would mean "every peer", so the rule is left out.
                continue;
            }
            List<NetworkPolicyPort> ports = new ArrayList<>();
            JsonNode portNodes = reader.list(rule.path("ports"), path + ".ports");
            boolean brokenPort = false;
            for (int j = 0; j < portNodes.size(); j++) {
                NetworkPolicyPort port = port(reader, portNodes.get(j), path + ".ports[" + j + "]");
                if (port == null) {
                    brokenPort = true;
                } else {
                    ports.add(port);
                }
            }
            if (brokenPort && ports.isEmpty()) {
                continue;
            }
            rules.add(new PolicyRule(i, path, RuleAction.ALLOW, peers, ports, null));
        }
        return rules;
    }

    private static NetworkPolicyPeer peer(PolicyReader reader, JsonNode node, String path, String namespace) {
        JsonNode ipBlock = node.path("ipBlock");
        boolean hasSelectors = node.has("podSelector") || node.has("namespaceSelector");
        if (!ipBlock.isMissingNode() && !ipBlock.isNull()) {
            if (hasSelectors) {
                reader.error(path, "a peer with ipBlock must not also have podSelector or namespaceSelector; the peer is left out");
                return null;
            }
            IpBlock block = reader.ipBlock(ipBlock.path("cidr").asText(null), PolicyReader.strings(ipBlock.path("except")),
                    path + ".ipBlock");
            return block == null ? null : new NetworkPolicyPeer(null, null, null, List.of(block), false);
        }
        if (!hasSelectors) {
            reader.error(path, "a peer needs podSelector, namespaceSelector or ipBlock; the peer is left out");
            return null;
        }
        LabelSelector pods = node.has("podSelector") ? reader.labelSelector(node.path("podSelector"), path + ".podSelector") : null;
        LabelSelector namespaces = node.has("namespaceSelector")
                ? reader.labelSelector(node.path("namespaceSelector"), path + ".namespaceSelector") : null;
        if ((node.has("podSelector") && pods == null) || (node.has("namespaceSelector") && namespaces == null)) {
            return null;
        }
        return new NetworkPolicyPeer(pods, namespaces, namespaces == null ? namespace : null, null, false);
    }

    private static NetworkPolicyPort port(PolicyReader reader, JsonNode node, String path) {
        Protocol protocol = node.has("protocol") && !node.get("protocol").isNull()
                ? Protocol.parse(node.get("protocol").asText()) : Protocol.TCP;
        if (protocol == null || !protocol.hasPorts()) {
            reader.error(path + ".protocol", "protocol must be TCP, UDP or SCTP, not \"" + node.path("protocol").asText()
                    + "\"; the port is left out");
            return null;
        }
        JsonNode port = node.path("port");
        if (port.isMissingNode() || port.isNull()) {
            if (node.has("endPort")) {
                reader.error(path + ".endPort", "endPort needs a numeric port; the port is left out");
                return null;
            }
            return NetworkPolicyPort.all(protocol);
        }
        if (port.isTextual() && !port.asText().matches("\\d+")) {
            if (node.has("endPort")) {
                reader.error(path + ".endPort", "endPort cannot be used with the named port \"" + port.asText()
                        + "\"; the port is left out");
                return null;
            }
            return NetworkPolicyPort.named(protocol, port.asText());
        }
        int number = port.asInt(0);
        if (number < 1 || number > 65535) {
            reader.error(path + ".port", "port must be 1-65535 or a port name, not \"" + port.asText() + "\"; the port is left out");
            return null;
        }
        int end = number;
        if (node.has("endPort") && !node.get("endPort").isNull()) {
            end = node.get("endPort").asInt(0);
            if (end < number || end > 65535) {
                reader.error(path + ".endPort", "endPort must be between port (" + number + ") and 65535, not \""
                        + node.get("endPort").asText() + "\"; the port is left out");
                return null;
            }
        }
        return NetworkPolicyPort.range(protocol, number, end);
    }
}
