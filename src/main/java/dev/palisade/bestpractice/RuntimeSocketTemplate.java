package dev.palisade.bestpractice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.source.FieldPath;
import dev.palisade.workload.HostPaths;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * A hostPath volume that exposes a container runtime's socket: the socket itself ({@code sockets}), or a folder that
 * holds one ({@code /var/run}, {@code /run/containerd}, {@code /}). Whoever talks to the runtime starts privileged
 * containers on the node: root on the node. Paths are compared as {@link HostPaths#normalise} spells them.
 */
final class RuntimeSocketTemplate implements WorkloadTemplate {
    static final List<String> DEFAULT_SOCKETS = List.of("/run/docker.sock", "/run/containerd/containerd.sock",
            "/run/crio/crio.sock", "/run/cri-dockerd.sock", "/run/podman/podman.sock", "/run/k3s/containerd/containerd.sock",
            "/run/dockershim.sock");

    @Override
    public String name() {
        return "runtime-socket";
    }

    @Override
    public String description() {
        return "hostPath volumes that expose a container runtime socket or a folder holding one (params: sockets)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        List<String> sockets = params.strings("sockets", DEFAULT_SOCKETS).stream().map(HostPaths::normalise).toList();
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            JsonNode volumes = pod.spec().path("volumes");
            for (int i = 0; i < volumes.size(); i++) {
                JsonNode volume = volumes.get(i);
                String path = volume.path("hostPath").path("path").asText("");
                if (path.isEmpty()) {
                    continue;
                }
                String normalised = HostPaths.normalise(path);
                for (String socket : sockets) {
                    if (HostPaths.within(socket, normalised)) {
                        String exposes = socket.equals(normalised) ? "the runtime socket " + socket : "a folder holding " + socket;
                        out.add(FieldPath.field(FieldPath.field(FieldPath.index(pod.path("volumes"), i), "hostPath"), "path"),
                                "hostPath volume \"" + volume.path("name").asText("") + "\" (" + path + ") exposes " + exposes
                                        + mountedBy(pod, volume.path("name").asText("")));
                        break;
                    }
                }
            }
        });
    }

    private static String mountedBy(PodTemplate pod, String volume) {
        List<String> containers = new ArrayList<>();
        for (PodTemplate.Container container : pod.containers()) {
            for (JsonNode mount : container.node().path("volumeMounts")) {
                if (volume.equals(mount.path("name").asText())) {
                    containers.add(container.describe());
                    break;
                }
            }
        }
        return containers.isEmpty() ? "" : "; mounted by " + String.join(", ", containers);
    }
}
