package dev.palisade.consistency;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateProvider;
import java.util.List;

/** The templates that relate objects to each other, or entries of one object to each other. */
public final class ConsistencyTemplates implements TemplateProvider {
    @Override
    public List<CheckTemplate> templates() {
        return List.of(new SelectorMatchesTemplateTemplate(), new ServiceSelectsPodsTemplate(), new ServiceTargetPortTemplate(),
                new IngressBackendTemplate(), new ScaleTargetTemplate(), new AutoscalerCpuRequestsTemplate(),
                new BudgetSelectsPodsTemplate(), new BudgetAllowsEvictionTemplate(), new StatefulSetServiceTemplate(),
                new DuplicateEntriesTemplate(), new IdenticalProbesTemplate(), new ProbePortTemplate(),
                new DisruptionBudgetTemplate(), new ReplicaSpreadTemplate(), new AutoscaledReplicasTemplate(),
                new AutoscalerRangeTemplate(), new PolicyPeerSelectsPodsTemplate());
    }
}
