package dev.palisade.hygiene;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateProvider;
import java.util.List;

/** The everyday hygiene templates other linters taught users to expect: ports, host mounts, env Secrets, Jobs, pod fields. */
public final class HygieneTemplates implements TemplateProvider {
    @Override
    public List<CheckTemplate> templates() {
        return List.of(new SensitiveHostPathTemplate(), new ContainerPortsTemplate(), new SecretEnvReferenceTemplate(),
                new JobSpecFieldTemplate(), new PodFieldTemplate(), new WritableHostPathTemplate(), new NameSyntaxTemplate());
    }
}
