package dev.palisade.bestpractice;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateProvider;
import java.util.List;

/** The best-practice templates. */
public final class BestPracticeTemplates implements TemplateProvider {
    @Override
    public List<CheckTemplate> templates() {
        return List.of(new ImageTagTemplate(), new ImagePullPolicyTemplate(), new ContainerFieldTemplate(),
                new AutomountTokenTemplate(), new DefaultServiceAccountTemplate(), new EnvSecretValueTemplate(),
                new ConfigMapSecretValueTemplate(),
                new RuntimeSocketTemplate(), new DangerousCapabilitiesTemplate(), new SingleReplicaTemplate());
    }
}
