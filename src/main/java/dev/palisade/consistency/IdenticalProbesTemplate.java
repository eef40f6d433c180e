package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;

/**
 * A container whose liveness and readiness probes are the same probe. Readiness failing takes the pod out of its
 * Services for a while; liveness failing restarts it. Identical probes restart a pod that was only busy or waiting
 * for a dependency, which turns a slow dependency into a restart storm. Differing thresholds or timing make the
 * probes different and pass.
 */
final class IdenticalProbesTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "identical-probes";
    }

    @Override
    public String description() {
        return "containers whose livenessProbe and readinessProbe are identical";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            for (PodTemplate.Container container : pod.containers()) {
                JsonNode liveness = container.node().path("livenessProbe");
                if (liveness.isObject() && liveness.equals(container.node().path("readinessProbe"))) {
                    out.add(container.path("readinessProbe"), container.describe()
                            + " uses the same probe for liveness and readiness: a pod that is only busy gets restarted");
                }
            }
        });
    }
}
