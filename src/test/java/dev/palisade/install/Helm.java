package dev.palisade.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** helm on the chart, through scripts/helm (which builds helm from its Go module the first time). */
final class Helm {
    static final String CHART = "charts/palisade";
    static final String RELEASE = "palisade";
    static final String NAMESPACE = "palisade-system";

    private Helm() {}

    static Command.Result run(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(Command.PROJECT.resolve("scripts/helm").toString()));
        command.addAll(arguments);
        // The first call may build helm (minutes); later calls take a second.
        return Command.run(Duration.ofMinutes(20), Map.of(), command);
    }

    /** {@code helm template} with these --set values; fails the test when helm refuses. */
    static String template(String... sets) {
        Command.Result result = run(arguments("template", sets));
        assertEquals(0, result.exit(), result.describe());
        return result.out();
    }

    static List<String> arguments(String verb, String... sets) {
        List<String> arguments = new ArrayList<>(verb.equals("lint") ? List.of("lint", CHART, "--strict", "--namespace", NAMESPACE)
                : List.of(verb, RELEASE, CHART, "--namespace", NAMESPACE));
        for (String set : sets) {
            arguments.addAll(List.of("--set", set));
        }
        return arguments;
    }

    /** The objects of a rendered chart, in order. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(String rendered) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(rendered)) {
            if (document != null) {
                objects.add((Map<String, Object>) document);
            }
        }
        return objects;
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    /** A value at a path of maps and lists, e.g. at(o, "spec", "template", "spec", "containers", 0, "image"). */
    @SuppressWarnings("unchecked")
    static Object at(Object node, Object... path) {
        for (Object step : path) {
            if (node == null) {
                return null;
            }
            node = step instanceof Integer i ? ((List<Object>) node).get(i) : ((Map<String, Object>) node).get(step);
        }
        return node;
    }
}
