package dev.palisade.hygiene;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.FieldPath;
import dev.palisade.workload.HostPaths;
import dev.palisade.workload.PodSpecAccessor;
import java.util.List;

/**
 * A hostPath volume on a node folder that holds the node's secrets or controls it: {@code paths} (default: the root,
 * /etc, /proc, /sys, /dev, /boot, /root, /var/lib/kubelet, the runtimes' state and sockets). A volume inside such a
 * folder counts, and so does one above it (mounting /var exposes /var/lib/kubelet); the root itself counts only as
 * itself. Unlike the Pod Security baseline control, which forbids every hostPath, this check also runs where a
 * profile or an exemption allows hostPath (log collectors, CSI drivers), so the dangerous mounts still stand out.
 */
final class SensitiveHostPathTemplate implements CheckTemplate {
    static final List<String> DEFAULT_PATHS = List.of("/", "/etc", "/proc", "/sys", "/dev", "/boot", "/root",
            "/var/lib/kubelet", "/var/lib/docker", "/var/lib/containerd", "/run/containerd", "/run/crio",
            "/run/docker.sock", "/run/cri-dockerd.sock", "/run/podman");

    @Override
    public String name() {
        return "sensitive-host-path";
    }

    @Override
    public String description() {
        return "hostPath volumes on or above sensitive node folders (params: paths)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        List<String> paths = params.strings("paths", DEFAULT_PATHS).stream().map(HostPaths::normalise).toList();
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            JsonNode volumes = pod.spec().path("volumes");
            for (int i = 0; i < volumes.size(); i++) {
                String path = volumes.get(i).path("hostPath").path("path").asText("");
                if (path.isEmpty()) {
                    continue;
                }
                String mounted = HostPaths.normalise(path);
                for (String sensitive : paths) {
                    boolean inside = sensitive.equals("/") ? mounted.equals("/") : HostPaths.within(mounted, sensitive);
                    if (inside || (!sensitive.equals("/") && HostPaths.within(sensitive, mounted))) {
                        out.add(FieldPath.field(FieldPath.field(FieldPath.index(pod.path("volumes"), i), "hostPath"), "path"),
                                "hostPath volume \"" + volumes.get(i).path("name").asText("") + "\" mounts " + path
                                        + (inside ? "" : ", which holds " + sensitive) + ": a sensitive folder of the node");
                        break;
                    }
                }
            }
        });
    }
}
