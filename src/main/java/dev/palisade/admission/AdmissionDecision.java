package dev.palisade.admission;

import java.util.List;

/**
 * The webhook's answer to one request.
 *
 * @param allowed  the response's {@code allowed}
 * @param code     the HTTP-style code of {@code response.status} when denied (403 for violations, 500 for internal
 *                 errors), 200 when allowed
 * @param message  the denial's status message, "" when allowed
 * @param warnings the response's {@code warnings}, already within the API server's limits
 * @param outcome  a short label for logs and metrics: allowed, warned, denied, exempt, skipped, error
 * @param reason   what the decision rests on, for its log line: the checks by mode, or why the request is exempt;
 *                 "" when there is nothing to add
 */
public record AdmissionDecision(boolean allowed, int code, String message, List<String> warnings, String outcome,
        String reason) {
    public AdmissionDecision {
        warnings = List.copyOf(warnings);
    }

    AdmissionDecision(boolean allowed, int code, String message, List<String> warnings, String outcome) {
        this(allowed, code, message, warnings, outcome, "");
    }

    static AdmissionDecision allow(String outcome, List<String> warnings) {
        return new AdmissionDecision(true, 200, "", warnings, outcome);
    }
}
