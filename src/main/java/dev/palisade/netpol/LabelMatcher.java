package dev.palisade.netpol;

import java.util.Map;

/** A selector over labels: a Kubernetes {@link LabelSelector} or a Calico {@link CalicoSelector}. */
public interface LabelMatcher {
    boolean matches(Map<String, String> labels);

    /** True when it matches every set of labels ({@code {}} or {@code all()}). */
    boolean matchesEverything();
}
