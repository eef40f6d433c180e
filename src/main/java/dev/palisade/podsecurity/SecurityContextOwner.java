package dev.palisade.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.source.FieldPath;
import dev.palisade.workload.PodTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code securityContext} and who set it: the pod ({@code spec.securityContext}) or one container. Many controls
 * restrict the same field at both levels and report each setter, as Pod Security Admission does.
 *
 * @param who         for messages: {@code pod} or {@code container "app"}
 * @param context     the securityContext node (missing when not set)
 * @param contextPath its field path inside the owning object
 */
record SecurityContextOwner(String who, JsonNode context, String contextPath) {

    static SecurityContextOwner of(PodTemplate pod) {
        return new SecurityContextOwner("pod", pod.field("securityContext"), pod.path("securityContext"));
    }

    static SecurityContextOwner of(PodTemplate.Container container) {
        return new SecurityContextOwner(container.describe(), container.node().path("securityContext"),
                container.path("securityContext"));
    }

    /** The pod first, then every init, regular and ephemeral container. */
    static List<SecurityContextOwner> all(PodTemplate pod) {
        List<SecurityContextOwner> owners = new ArrayList<>();
        owners.add(of(pod));
        pod.containers().forEach(container -> owners.add(of(container)));
        return owners;
    }

    /** The node at {@code securityContext.<steps...>}, or a missing node. */
    JsonNode field(String... steps) {
        JsonNode node = context;
        for (String step : steps) {
            node = node.path(step);
        }
        return node;
    }

    /** The field path of {@code securityContext.<steps...>}. */
    String path(String... steps) {
        String path = contextPath;
        for (String step : steps) {
            path = FieldPath.field(path, step);
        }
        return path;
    }
}
