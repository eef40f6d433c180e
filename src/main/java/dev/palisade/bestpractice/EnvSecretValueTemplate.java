package dev.palisade.bestpractice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.source.FieldPath;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A credential written as a plain {@code env[].value}: the variable's name matches one of {@code namePatterns}
 * (case-insensitive regular expressions) and its value is not empty. The value then sits in the manifest, in Git, in
 * the object every reader of the workload can get, and in {@code kubectl describe}. {@code valueFrom} (secretKeyRef)
 * and {@code envFrom} pass. The message names the variable, never the value.
 */
final class EnvSecretValueTemplate implements WorkloadTemplate {
    static final List<String> DEFAULT_PATTERNS = List.of("passw(or)?d", "secret", "token", "api[_-]?key",
            "private[_-]?key", "credential", "access[_-]?key");

    @Override
    public String name() {
        return "env-secret-value";
    }

    @Override
    public String description() {
        return "plain env values whose names look like credentials (params: namePatterns)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        Pattern names;
        try {
            names = Pattern.compile(String.join("|", params.strings("namePatterns", DEFAULT_PATTERNS)), Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new CatalogueException("check " + params.check() + ": namePatterns: " + e.getDescription());
        }
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            for (PodTemplate.Container container : pod.containers()) {
                JsonNode env = container.node().path("env");
                for (int i = 0; i < env.size(); i++) {
                    JsonNode variable = env.get(i);
                    String name = variable.path("name").asText("");
                    JsonNode value = variable.path("value");
                    if (value.isValueNode() && !value.asText().isEmpty() && names.matcher(name).find()) {
                        out.add(FieldPath.field(FieldPath.index(container.path("env"), i), "value"), container.describe()
                                + " sets " + name + " as a plain value; it reads like a credential");
                    }
                }
            }
        });
    }
}
