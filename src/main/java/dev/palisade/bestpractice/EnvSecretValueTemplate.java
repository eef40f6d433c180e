package dev.palisade.bestpractice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.source.FieldPath;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;

/**
 * A credential written as a plain {@code env[].value} ({@link CredentialValues}: the name reads like a credential and
 * the value is not a flag, a number, a file path, a URL without a password or a reference). The value then sits in the
 * manifest, in Git, in the object every reader of the workload can get, and in {@code kubectl describe}.
 * {@code valueFrom} (secretKeyRef) and {@code envFrom} pass. The message names the variable, never the value.
 */
final class EnvSecretValueTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "env-secret-value";
    }

    @Override
    public String description() {
        return "plain env values that are credentials (params: namePatterns)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        CredentialValues credentials = CredentialValues.of(params);
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            for (PodTemplate.Container container : pod.containers()) {
                JsonNode env = container.node().path("env");
                for (int i = 0; i < env.size(); i++) {
                    JsonNode variable = env.get(i);
                    String name = variable.path("name").asText("");
                    if (credentials.isCredential(name, variable.path("value"))) {
                        out.add(FieldPath.field(FieldPath.index(container.path("env"), i), "value"), container.describe()
                                + " sets " + name + " as a plain value; it reads like a credential");
                    }
                }
            }
        });
    }
}
