package dev.palisade.engine;

import dev.palisade.workload.PodSpecAccessor;

/**
 * A template whose checks judge the pod of a workload through {@link PodSpecAccessor}: they apply to the nine
 * workload kinds and to nothing else.
 */
public interface WorkloadTemplate extends CheckTemplate {
    ObjectKinds WORKLOADS = ObjectKinds.of(PodSpecAccessor.WORKLOAD_KINDS);

    @Override
    default ObjectKinds kinds(TemplateParams params) {
        return WORKLOADS;
    }
}
