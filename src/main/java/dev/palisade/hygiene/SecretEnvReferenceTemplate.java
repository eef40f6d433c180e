package dev.palisade.hygiene;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.FieldPath;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;

/**
 * A Secret read into environment variables ({@code env[].valueFrom.secretKeyRef}, {@code envFrom[].secretRef}).
 * Environment variables leak: into child processes, crash dumps, debug endpoints and logs, and they never change
 * while the pod runs. The CIS Kubernetes Benchmark (5.4.1) prefers Secrets mounted as files. Plain credential values
 * are the other check's matter ({@code env-secret-value}).
 */
final class SecretEnvReferenceTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "secret-env-reference";
    }

    @Override
    public String description() {
        return "Secrets read through env[].valueFrom.secretKeyRef or envFrom[].secretRef";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            for (PodTemplate.Container container : pod.containers()) {
                JsonNode env = container.node().path("env");
                for (int i = 0; i < env.size(); i++) {
                    JsonNode ref = env.get(i).path("valueFrom").path("secretKeyRef");
                    if (ref.isObject()) {
                        out.add(FieldPath.field(FieldPath.field(FieldPath.index(container.path("env"), i), "valueFrom"), "secretKeyRef"),
                                container.describe() + " reads key \"" + ref.path("key").asText("") + "\" of Secret \""
                                        + ref.path("name").asText("") + "\" into " + env.get(i).path("name").asText("")
                                        + " as an environment variable");
                    }
                }
                JsonNode envFrom = container.node().path("envFrom");
                for (int i = 0; i < envFrom.size(); i++) {
                    JsonNode ref = envFrom.get(i).path("secretRef");
                    if (ref.isObject()) {
                        out.add(FieldPath.field(FieldPath.index(container.path("envFrom"), i), "secretRef"), container.describe()
                                + " reads every key of Secret \"" + ref.path("name").asText("") + "\" as environment variables");
                    }
                }
            }
        });
    }
}
