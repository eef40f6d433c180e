package dev.palisade.hygiene;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.Violations;
import dev.palisade.source.FieldPath;
import dev.palisade.source.KubeObject;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.regex.Pattern;

/**
 * Names the API server refuses by syntax, which the OpenAPI schema leaves to validation code:
 * <ul>
 *   <li>{@code entries: labels}: label keys (an optional DNS subdomain prefix of at most 253 characters and "/", then a
 *       name of at most 63: alphanumerics, "-", "_", "." inside) and values (at most 63, the same characters, or
 *       empty), in the object's labels, its pod template's labels and its selector's matchLabels;</li>
 *   <li>{@code entries: ports}: port names (IANA_SVC_NAME: at most 15 lower-case letters, digits and "-", at least
 *       one letter, no "-" at either end nor two in a row) of containers, and the named targetPorts of Services.</li>
 * </ul>
 */
final class NameSyntaxTemplate implements CheckTemplate {
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9]|-(?!-))*");

    @Override
    public String name() {
        return "name-syntax";
    }

    @Override
    public String description() {
        return "label keys and values, or port names, that the API server refuses by syntax (params: entries)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        String entries = params.requiredString("entries");
        if (!entries.equals("labels") && !entries.equals("ports")) {
            throw new CatalogueException("check " + params.check() + ": template parameter \"entries\" must be labels or ports");
        }
        return (object, inventory, out) -> {
            if (entries.equals("labels")) {
                labels(object.root().path("metadata").path("labels"), "metadata.labels", out);
                labels(object.root().path("spec").path("selector").path("matchLabels"), "spec.selector.matchLabels", out);
                PodSpecAccessor.podTemplate(object).ifPresent(pod ->
                        labels(pod.metadata().path("labels"), FieldPath.field(pod.metadataPath(), "labels"), out));
            } else {
                ports(object, out);
            }
        };
    }

    private static void labels(JsonNode labels, String path, Violations out) {
        if (!labels.isObject()) {
            return;
        }
        labels.properties().forEach(e -> {
            String key = e.getKey();
            String at = FieldPath.field(path, key);
            String problem = keyProblem(key);
            if (problem != null) {
                out.add(at, "label key \"" + key + "\" " + problem);
            }
            String value = e.getValue().isNull() ? "" : e.getValue().asText();
            if (e.getValue().isValueNode() && (value.length() > 63 || !NAME.matcher(value).matches())) {
                out.add(at, "label value \"" + value + "\" of " + key + " must be at most 63 characters, alphanumerics, '-', '_'"
                        + " or '.', beginning and ending with an alphanumeric");
            }
        });
    }

    private static String keyProblem(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (prefix != null && (prefix.length() > 253 || !SUBDOMAIN.matcher(prefix).matches())) {
            return "has a prefix that is not a lower-case DNS subdomain of at most 253 characters";
        }
        if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
            return "must be at most 63 characters after its optional prefix, alphanumerics, '-', '_' or '.', beginning and ending with an alphanumeric";
        }
        return null;
    }

    private static void ports(KubeObject object, Violations out) {
        PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            for (PodTemplate.Container container : pod.containers()) {
                JsonNode ports = container.node().path("ports");
                for (int i = 0; i < ports.size(); i++) {
                    port(ports.get(i).path("name"), FieldPath.field(FieldPath.index(container.path("ports"), i), "name"), out);
                }
            }
        });
        if (object.kind().equals("Service") && object.group().isEmpty()) {
            JsonNode ports = object.root().path("spec").path("ports");
            for (int i = 0; i < ports.size(); i++) {
                JsonNode target = ports.get(i).path("targetPort");
                if (target.isTextual() && !target.asText().chars().allMatch(Character::isDigit)) {
                    port(target, FieldPath.field(FieldPath.index("spec.ports", i), "targetPort"), out);
                }
            }
        }
    }

    private static void port(JsonNode name, String path, Violations out) {
        if (!name.isTextual() || name.asText().isEmpty()) {
            return;
        }
        String text = name.asText();
        boolean valid = text.length() <= 15 && PORT_NAME.matcher(text).matches() && !text.endsWith("-")
                && text.chars().anyMatch(Character::isLetter);
        if (!valid) {
            out.add(path, "port name \"" + text + "\" is not an IANA service name: at most 15 lower-case letters, digits"
                    + " and '-', with a letter, no '-' at either end or twice in a row");
        }
    }
}
