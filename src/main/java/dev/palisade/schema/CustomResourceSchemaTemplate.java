package dev.palisade.schema;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;

/**
 * A custom resource (an API group that is not Kubernetes' own) whose CustomResourceDefinition is neither in the
 * input nor in a {@code --crd} folder: it cannot be validated, and the run says so once per apiVersion and kind
 * instead of staying silent. A definition that names the kind under other versions means the apiVersion is wrong.
 */
final class CustomResourceSchemaTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "custom-resource-schema";
    }

    @Override
    public String description() {
        return "custom resources whose CustomResourceDefinition is not in the input or the --crd folders (reported once per kind)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        CustomResourceSchemas folders = CrdFolders.load(params);
        return (object, inventory, out) -> {
            if (object.apiVersion().isEmpty() || object.kind().isEmpty()) {
                return;
            }
            SchemaBundle bundle = SchemaBundle.builtIn();
            if (bundle.builtInGroup(object.group()) || bundle.definitionOf(object.apiVersion(), object.kind()) != null) {
                return;
            }
            SchemaRun run = SchemaRun.of(inventory, folders);
            if (run.definitions().schema(object.apiVersion(), object.kind()) != null || !run.firstOfItsKind(object)) {
                return;
            }
            int count = run.count(object);
            String objects = count == 1 ? "it is" : "its " + count + " objects in the input are";
            out.add(run.definitions().knowsKindOfGroup(object.group(), object.kind()) ? "apiVersion" : "kind",
                    run.definitions().knowsKindOfGroup(object.group(), object.kind())
                            ? "the CustomResourceDefinition of " + object.kind() + " does not serve " + object.apiVersion()
                                    + ": " + objects + " not validated"
                            : "no CustomResourceDefinition for " + object.kind() + " (" + object.apiVersion()
                                    + ") in the input or a --crd folder: " + objects + " not validated");
        };
    }
}
