package dev.palisade.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.Violations;
import dev.palisade.source.KubeObject;
import java.util.List;

/**
 * Every object against the OpenAPI schema of its apiVersion and kind, as kubeconform and the API server's strict
 * field validation do: unknown fields, wrong types, missing required fields and values outside an enum, each at its
 * field's line, at most {@code maxErrors} per object (default 20). Built-in kinds use the schemas of the release
 * shipped in the jar ({@link SchemaBundle}); custom resources use the CustomResourceDefinitions of the input and of
 * the {@code --crd} folders. A kind of a built-in API group that the release does not serve (a removed version, a
 * typo) is reported once per input, on its first object, when the target release is the shipped one or newer; a
 * custom resource without a definition is the matter of the {@code custom-resource-schema} template. An older target
 * is validated against the shipped release's schemas (fields added since then pass unnoticed).
 */
final class OpenApiSchemaTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "openapi-schema";
    }

    @Override
    public String description() {
        return "objects that the OpenAPI schema of their kind refuses: unknown fields, wrong types, missing required"
                + " fields, invalid enum values (params: maxErrors)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        int maxErrors = (int) Math.max(1, params.number("maxErrors", 20));
        CustomResourceSchemas folders = CrdFolders.load(params);
        KubernetesRelease target = KubernetesRelease.target(params);
        return (object, inventory, out) -> {
            if (object.apiVersion().isEmpty() || object.kind().isEmpty()) {
                return;
            }
            SchemaBundle bundle = SchemaBundle.builtIn();
            SchemaRun run = SchemaRun.of(inventory, folders);
            String definition = bundle.definitionOf(object.apiVersion(), object.kind());
            JsonNode schema = definition != null ? bundle.schema(definition)
                    : run.definitions().schema(object.apiVersion(), object.kind());
            if (schema == null) {
                // An older target may still serve what the shipped release does not: only the deprecation table knows.
                boolean judged = target.atLeast(KubernetesRelease.parse(bundle.release()));
                if (judged && bundle.builtInGroup(object.group()) && run.firstOfItsKind(object)) {
                    unserved(object, bundle, run.count(object), out);
                }
                return;
            }
            List<SchemaValidator.Problem> problems = new SchemaValidator(bundle::schema)
                    .validate(object.root(), schema, "", maxErrors + 1);
            for (int i = 0; i < problems.size() && i < maxErrors; i++) {
                SchemaValidator.Problem problem = problems.get(i);
                out.add(problem.path(), (problem.path().isEmpty() ? "" : problem.path() + ": ") + problem.message());
            }
            if (problems.size() > maxErrors) {
                out.add("", "more schema errors not shown (at most " + maxErrors + " per object)");
            }
        };
    }

    private static void unserved(KubeObject object, SchemaBundle bundle, int count, Violations out) {
        String also = count > 1 ? " (" + count + " objects of the input; reported once)" : "";
        List<String> versions = bundle.versionsOf(object.kind());
        if (!versions.isEmpty()) {
            out.add("apiVersion", "Kubernetes " + bundle.release() + " serves no " + object.kind() + " in " + object.apiVersion()
                    + "; it serves " + String.join(", ", versions) + also);
        } else {
            out.add("kind", "Kubernetes " + bundle.release() + " has no kind \"" + object.kind() + "\" in " + object.apiVersion()
                    + SchemaValidator.suggestion(object.kind(), bundle.kindsOf(object.apiVersion())) + also);
        }
    }
}
