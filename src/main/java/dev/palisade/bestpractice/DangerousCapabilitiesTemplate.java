package dev.palisade.bestpractice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.source.FieldPath;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A container that adds a capability from {@code capabilities} (default: ALL and the ones that reach the kernel, the
 * network stack or other processes). Names are compared as the runtime does: case-insensitive, with or without the
 * {@code CAP_} prefix. Unlike the Pod Security baseline control, which allows only a fixed default set, this check
 * names the few that are dangerous, so it also reads well for teams that do not run Pod Security.
 */
final class DangerousCapabilitiesTemplate implements WorkloadTemplate {
    static final List<String> DEFAULT_CAPABILITIES = List.of("ALL", "SYS_ADMIN", "NET_ADMIN", "NET_RAW", "SYS_PTRACE",
            "SYS_MODULE", "SYS_RAWIO", "DAC_READ_SEARCH", "BPF", "PERFMON", "SYS_BOOT", "SYS_TIME", "MAC_ADMIN",
            "MAC_OVERRIDE");

    @Override
    public String name() {
        return "dangerous-capabilities";
    }

    @Override
    public String description() {
        return "containers adding dangerous capabilities (params: capabilities)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        Set<String> dangerous = params.strings("capabilities", DEFAULT_CAPABILITIES).stream()
                .map(DangerousCapabilitiesTemplate::canonical).collect(Collectors.toUnmodifiableSet());
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            for (PodTemplate.Container container : pod.containers()) {
                JsonNode add = container.node().path("securityContext").path("capabilities").path("add");
                for (int i = 0; i < add.size(); i++) {
                    String capability = add.get(i).asText("");
                    if (dangerous.contains(canonical(capability))) {
                        out.add(FieldPath.index(FieldPath.field(FieldPath.field(container.path("securityContext"), "capabilities"), "add"), i),
                                container.describe() + " adds capability " + capability);
                    }
                }
            }
        });
    }

    static String canonical(String capability) {
        String upper = capability.strip().toUpperCase(Locale.ROOT);
        return upper.startsWith("CAP_") ? upper.substring(4) : upper;
    }
}
