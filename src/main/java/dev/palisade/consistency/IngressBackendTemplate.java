package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.Violations;
import dev.palisade.source.FieldPath;
import dev.palisade.source.KubeObject;
import java.util.Optional;

/**
 * An Ingress backend ({@code spec.defaultBackend} or a rule's path) whose Service is not in the input, or whose port
 * (number or name) that Service does not have: the controller answers 503 for that path. Judged only when the input
 * holds Services of the Ingress's namespace, so an Ingress linted alone is not reported. Resource backends are
 * skipped.
 */
final class IngressBackendTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "ingress-backend";
    }

    @Override
    public String description() {
        return "Ingress backends whose Service or Service port is not in the input";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> {
            if (!object.kind().equals("Ingress") || !object.group().equals("networking.k8s.io")) {
                return;
            }
            InputIndex index = InputIndex.of(inventory);
            if (!index.hasServices(object.namespace())) {
                return;
            }
            JsonNode spec = object.root().path("spec");
            judge(object, index, spec.path("defaultBackend"), "spec.defaultBackend", out);
            JsonNode rules = spec.path("rules");
            for (int r = 0; r < rules.size(); r++) {
                JsonNode paths = rules.get(r).path("http").path("paths");
                for (int p = 0; p < paths.size(); p++) {
                    String at = FieldPath.index(FieldPath.field(FieldPath.field(FieldPath.index("spec.rules", r), "http"), "paths"), p);
                    judge(object, index, paths.get(p).path("backend"), FieldPath.field(at, "backend"), out);
                }
            }
        };
    }

    private static void judge(KubeObject ingress, InputIndex index, JsonNode backend, String path, Violations out) {
        JsonNode service = backend.path("service");
        if (!service.isObject()) {
            return;
        }
        String name = service.path("name").asText("");
        String servicePath = FieldPath.field(path, "service");
        Optional<KubeObject> found = index.service(ingress.namespace(), name);
        if (found.isEmpty()) {
            out.add(FieldPath.field(servicePath, "name"), "backend Service \"" + name + "\" is not in namespace "
                    + ServiceSelectsPodsTemplate.namespaceName(ingress.namespace()) + " of the input");
            return;
        }
        JsonNode port = service.path("port");
        JsonNode wanted = port.has("number") ? port.get("number") : port.path("name");
        if (wanted.isMissingNode()) {
            return;
        }
        for (JsonNode servicePort : found.get().root().path("spec").path("ports")) {
            if (wanted.isNumber() ? servicePort.path("port").asInt() == wanted.asInt()
                    : wanted.asText().equals(servicePort.path("name").asText())) {
                return;
            }
        }
        out.add(FieldPath.field(servicePath, "port"), "backend Service \"" + name + "\" has no "
                + DeclaredPort.describe(wanted));
    }
}
