package dev.palisade.netpol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.source.KubeObject;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod as network policy sees it: where it is, its labels, its IP (null when unknown, as for a workload's pod
 * template), its node (null when unknown), the ports its containers declare (for named ports) and its
 * ServiceAccount (Calico rules can match it; {@code default} when the spec names none).
 *
 * <p>Objects without a namespace are taken to be in {@code default}, as {@code kubectl apply} without {@code -n}
 * would put them. A workload stands for all its pods: they share the template's labels and ports.
 */
public record PodEndpoint(String namespace, String name, Map<String, String> labels, String podIP, String nodeName,
                          List<ContainerPort> ports, String serviceAccount) {

    public PodEndpoint {
        namespace = namespace == null || namespace.isEmpty() ? "default" : namespace;
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        podIP = podIP == null || podIP.isEmpty() ? null : podIP;
        nodeName = nodeName == null || nodeName.isEmpty() ? null : nodeName;
        ports = List.copyOf(ports == null ? List.of() : ports);
        serviceAccount = serviceAccount == null || serviceAccount.isEmpty() ? "default" : serviceAccount;
    }

    /** A pod running as the namespace's {@code default} ServiceAccount. */
    public PodEndpoint(String namespace, String name, Map<String, String> labels, String podIP, String nodeName,
                       List<ContainerPort> ports) {
        this(namespace, name, labels, podIP, nodeName, ports, null);
    }

    /** {@code namespace/name}: the key the model, the matrix and reasons use. */
    public String key() {
        return namespace + "/" + name;
    }

    /**
     * The pod of a Pod or of a workload's pod template ({@link PodSpecAccessor}); empty for other kinds. A Pod's IP
     * is {@code status.podIP} and its node {@code spec.nodeName}; a template has neither.
     */
    public static Optional<PodEndpoint> from(KubeObject object) {
        Optional<PodTemplate> template = PodSpecAccessor.podTemplate(object);
        if (template.isEmpty()) {
            return Optional.empty();
        }
        PodTemplate pod = template.get();
        List<ContainerPort> ports = new ArrayList<>();
        for (PodTemplate.Container container : pod.containers()) {
            for (JsonNode port : container.node().path("ports")) {
                int number = port.path("containerPort").asInt(0);
                Protocol protocol = Protocol.parse(port.path("protocol").asText("TCP"));
                if (number > 0 && protocol != null) {
                    ports.add(new ContainerPort(port.path("name").asText(""), number, protocol));
                }
            }
        }
        Map<String, String> labels = KubeObject.of(objectWithMetadata(pod.metadata())).labels();
        boolean isPod = object.kind().equals("Pod");
        String ip = isPod ? object.root().path("status").path("podIP").asText("") : null;
        String node = isPod ? pod.spec().path("nodeName").asText("") : null;
        // serviceAccount is the deprecated spelling the API server still fills in.
        String account = pod.spec().path("serviceAccountName").asText(pod.spec().path("serviceAccount").asText(""));
        return Optional.of(new PodEndpoint(object.namespace(), object.name(), labels, ip, node, ports, account));
    }

    /** From a live Pod (or workload) as JSON, for callers holding fabric8 objects converted with Jackson. */
    public static Optional<PodEndpoint> fromJson(JsonNode object) {
        return from(KubeObject.of(object));
    }

    /** The same pod with other labels (a relabelled pod, for "what if" questions and tests). */
    public PodEndpoint withLabels(Map<String, String> newLabels) {
        return new PodEndpoint(namespace, name, newLabels, podIP, nodeName, ports, serviceAccount);
    }

    private static JsonNode objectWithMetadata(JsonNode metadata) {
        var node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        node.set("metadata", metadata.isMissingNode() ? node.objectNode() : metadata);
        return node;
    }
}
