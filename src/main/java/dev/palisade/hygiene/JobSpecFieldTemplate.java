package dev.palisade.hygiene;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import java.util.List;

/**
 * A Job spec that does not set {@code field}: of a Job ({@code spec}) or of a CronJob's job template
 * ({@code spec.jobTemplate.spec}), for the kinds in {@code kinds}. Finished Jobs without
 * {@code ttlSecondsAfterFinished} stay forever (a CronJob's history limits clean up its own); a Job without
 * {@code activeDeadlineSeconds} may hang forever on a stuck process.
 */
final class JobSpecFieldTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "job-spec-field";
    }

    @Override
    public String description() {
        return "Jobs and CronJob job templates that do not set a field of the Job spec (params: field, kinds, missing)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        String field = params.requiredString("field");
        List<String> kinds = params.strings("kinds", List.of("Job", "CronJob"));
        String missing = params.string("missing", field + " is unset");
        return (object, inventory, out) -> {
            String kind = object.kind();
            if (!kinds.contains(kind) || !object.group().equals("batch")) {
                return;
            }
            String specPath = kind.equals("CronJob") ? "spec.jobTemplate.spec" : "spec";
            JsonNode spec = object.at(specPath);
            JsonNode value = spec.path(field);
            if (value.isMissingNode() || value.isNull()) {
                out.add(specPath, kind + " sets no " + field + ": " + missing);
            }
        };
    }
}
