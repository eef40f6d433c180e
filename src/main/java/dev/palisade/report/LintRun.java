package dev.palisade.report;

import dev.palisade.engine.Check;
import dev.palisade.engine.Engine.CheckFailure;
import dev.palisade.engine.Finding;
import dev.palisade.engine.Severity;
import dev.palisade.source.InputError;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a report prints about one lint run. Findings are sorted by file, line, check, so output is stable.
 *
 * @param findings    reported findings (not exempted)
 * @param exempted    findings exempted by annotation, counted and listed, never lost
 * @param inputErrors files or documents that could not be read
 * @param failures    checks that threw (internal errors)
 * @param objects     how many objects were judged
 * @param checks      the checks that ran (SARIF lists them as rules)
 * @param failOn      the threshold of the exit code
 */
public record LintRun(
        List<Finding> findings,
        List<Finding> exempted,
        List<InputError> inputErrors,
        List<CheckFailure> failures,
        int objects,
        List<Check> checks,
        Severity failOn) {

    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::file, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(Finding::line)
            .thenComparing(f -> f.object().toString())
            .thenComparing(Finding::check)
            .thenComparing(Finding::path);

    public LintRun {
        findings = findings.stream().sorted(ORDER).toList();
        exempted = exempted.stream().sorted(ORDER).toList();
        inputErrors = List.copyOf(inputErrors);
        failures = List.copyOf(failures);
        checks = List.copyOf(checks);
    }

    /** Findings per severity, every severity present (zero when none), highest first. */
    public Map<Severity, Integer> countsBySeverity() {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            counts.put(severity, 0);
        }
        findings.forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
        return counts;
    }

    /** Findings at or above the threshold. */
    public long failing() {
        return findings.stream().filter(f -> f.severity().atLeast(failOn)).count();
    }

    /** 2 for unreadable input or a failed check, 1 for findings at or above the threshold, else 0. */
    public int exitCode() {
        if (!inputErrors.isEmpty() || !failures.isEmpty()) {
            return 2;
        }
        return failing() > 0 ? 1 : 0;
    }
}
