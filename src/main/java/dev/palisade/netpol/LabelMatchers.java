package dev.palisade.netpol;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small combinations of {@link LabelMatcher}s that Calico rules need (a selector AND a ServiceAccount match). */
final class LabelMatchers {
    private LabelMatchers() {}

    /** Both must match. */
    static LabelMatcher both(LabelMatcher first, LabelMatcher second) {
        return new LabelMatcher() {
            @Override
            public boolean matches(Map<String, String> labels) {
                return first.matches(labels) && second.matches(labels);
            }

            @Override
            public boolean matchesEverything() {
                return first.matchesEverything() && second.matchesEverything();
            }

            @Override
            public String toString() {
                return "(" + first + ") && (" + second + ")";
            }
        };
    }

    /** The label {@code key} is one of {@code values}. */
    static LabelMatcher valueIn(String key, List<String> values) {
        Set<String> allowed = Set.copyOf(values);
        return new LabelMatcher() {
            @Override
            public boolean matches(Map<String, String> labels) {
                return allowed.contains(labels.get(key));
            }

            @Override
            public boolean matchesEverything() {
                return false;
            }

            @Override
            public String toString() {
                return key + " in {" + String.join(", ", values) + "}";
            }
        };
    }
}
