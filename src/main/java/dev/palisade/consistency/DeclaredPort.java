package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.workload.PodTemplate;
import java.util.ArrayList;
import java.util.List;

/** A {@code containers[].ports[]} entry of a pod: what a Service targetPort or a probe port can refer to. */
record DeclaredPort(String container, int number, String name, String protocol) {

    /** The declared ports of a pod's containers and init containers (a sidecar init container can serve). */
    static List<DeclaredPort> of(PodTemplate pod) {
        List<DeclaredPort> ports = new ArrayList<>();
        for (PodTemplate.Container container : pod.containers()) {
            if (container.list().equals("ephemeralContainers")) {
                continue;
            }
            for (JsonNode port : container.node().path("ports")) {
                ports.add(new DeclaredPort(container.name(), port.path("containerPort").asInt(-1),
                        port.path("name").asText(""), port.path("protocol").asText("TCP")));
            }
        }
        return ports;
    }

    /** Whether this port is what a reference means: a number, or a name (a text that is not all digits). */
    boolean answers(JsonNode reference, String wantedProtocol) {
        if (!protocol.equals(wantedProtocol)) {
            return false;
        }
        if (reference.isNumber()) {
            return number == reference.asInt();
        }
        return !name.isEmpty() && name.equals(reference.asText());
    }

    /** The words for a port reference in a message: {@code port 8080} or {@code port named "http"}. */
    static String describe(JsonNode reference) {
        return reference.isNumber() ? "port " + reference.asInt() : "port named \"" + reference.asText() + "\"";
    }
}
