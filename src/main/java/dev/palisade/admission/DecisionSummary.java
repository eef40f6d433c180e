package dev.palisade.admission;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks a decision rests on, grouped by mode, for the decision's single log line:
 * {@code enforce [baseline-privileged, runtime-socket-mount]; warn [cpu-limits]}. Modes strongest first, each check
 * id once per mode in the order found; the per-finding detail (field path, message) is logged at DEBUG only.
 */
final class DecisionSummary {
    private static final List<String> ORDER = List.of("enforce", "warn", "audit", "exempted");

    private final Map<String, List<String>> checksByMode = new TreeMap<>(Comparator.comparingInt(ORDER::indexOf));

    void add(String mode, String check) {
        List<String> checks = checksByMode.computeIfAbsent(mode, m -> new ArrayList<>());
        if (!checks.contains(check)) {
            checks.add(check);
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        checksByMode.forEach((mode, checks) -> text.append(text.isEmpty() ? "" : "; ").append(mode).append(' ').append(checks));
        return text.toString();
    }
}
