package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.Violations;
import dev.palisade.source.FieldPath;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The same entry twice in a pod, reported at the second occurrence. {@code entries} chooses what is compared:
 * <ul>
 *   <li>{@code containers}: container names, across containers, init and ephemeral containers (the API server rejects
 *       the pod, but a controller's template is only rejected when its pods are created);</li>
 *   <li>{@code env}: variable names within a container's {@code env} (the last one silently wins, so the value a
 *       reviewer reads is not the one the process sees);</li>
 *   <li>{@code ports}: a {@code containerPort}/protocol declared twice in the pod (they share one network namespace,
 *       only one process can bind it), or a port name used twice in a container (named targetPorts become
 *       ambiguous).</li>
 * </ul>
 */
final class DuplicateEntriesTemplate implements CheckTemplate {
    private static final List<String> ENTRIES = List.of("containers", "env", "ports");

    @Override
    public String name() {
        return "duplicate-entries";
    }

    @Override
    public String description() {
        return "duplicate container names, env variable names or container ports in a pod (params: entries)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        String entries = params.requiredString("entries");
        if (!ENTRIES.contains(entries)) {
            throw new CatalogueException("check " + params.check() + ": template parameter \"entries\" must be one of "
                    + String.join(", ", ENTRIES));
        }
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            switch (entries) {
                case "containers" -> containers(pod, out);
                case "env" -> env(pod, out);
                default -> ports(pod, out);
            }
        });
    }

    private static void containers(PodTemplate pod, Violations out) {
        Map<String, PodTemplate.Container> seen = new HashMap<>();
        for (PodTemplate.Container container : pod.containers()) {
            PodTemplate.Container first = seen.putIfAbsent(container.name(), container);
            if (first != null && !container.name().isEmpty()) {
                out.add(container.path("name"), "container name \"" + container.name() + "\" is used twice (also "
                        + first.path() + "): the API server rejects the pod");
            }
        }
    }

    private static void env(PodTemplate pod, Violations out) {
        for (PodTemplate.Container container : pod.containers()) {
            JsonNode env = container.node().path("env");
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < env.size(); i++) {
                String name = env.get(i).path("name").asText("");
                Integer first = seen.putIfAbsent(name, i);
                if (first != null) {
                    out.add(FieldPath.field(FieldPath.index(container.path("env"), i), "name"), container.describe()
                            + " sets " + name + " twice (env[" + first + "] and env[" + i + "]): the last one wins");
                }
            }
        }
    }

    private static void ports(PodTemplate pod, Violations out) {
        Map<String, String> numbers = new HashMap<>();
        for (PodTemplate.Container container : pod.containers()) {
            JsonNode ports = container.node().path("ports");
            Map<String, Integer> names = new HashMap<>();
            for (int i = 0; i < ports.size(); i++) {
                JsonNode port = ports.get(i);
                String at = FieldPath.index(container.path("ports"), i);
                String number = port.path("containerPort").asText("") + "/" + port.path("protocol").asText("TCP")
                        + (port.hasNonNull("hostIP") ? "@" + port.get("hostIP").asText() : "");
                String first = numbers.putIfAbsent(number, container.describe());
                if (first != null) {
                    out.add(FieldPath.field(at, "containerPort"), container.describe() + " declares port " + number
                            + ", already declared by " + first + ": only one process of the pod can bind it");
                }
                String name = port.path("name").asText("");
                Integer firstName = name.isEmpty() ? null : names.putIfAbsent(name, i);
                if (firstName != null) {
                    out.add(FieldPath.field(at, "name"), container.describe() + " names two ports \"" + name
                            + "\" (ports[" + firstName + "] and ports[" + i + "])");
                }
            }
        }
    }
}
