package dev.palisade.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The webhook's Prometheus metrics (served at {@code /actuator/prometheus}):
 * <ul>
 *   <li>{@code palisade_admission_requests_total{operation,kind,outcome}}: every review, by outcome (allowed,
 *       warned, denied, exempt, skipped, error);</li>
 *   <li>{@code palisade_admission_findings_total{check,mode}}: decisions per check and mode (enforce, warn, audit,
 *       off, exempted);</li>
 *   <li>{@code palisade_admission_duration_seconds}: handling latency, a histogram from 100 µs to the time budget;</li>
 *   <li>{@code palisade_admission_errors_total{reason}}: malformed requests (json, depth, size, version, kind, uid,
 *       object, request, body), check failures (check), exhausted budgets (budget), failures of the judge itself (judge)
 *       and of a NetworkPolicy change impact (impact, logged; the write is still allowed).</li>
 * </ul>
 * Label values are bounded: kinds outside the reviewed set are "other", check ids come from the catalogue.
 */
public final class AdmissionMetrics {
    private final MeterRegistry registry;
    private final Timer duration;
    /**
     * Counters by their label values, looked up once: registering through a builder on every review builds and sorts
     * the tags and hashes the id each time, which costs more than judging a finding.
     */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    public AdmissionMetrics(MeterRegistry registry, Duration budget) {
        this.registry = registry;
        this.duration = Timer.builder("palisade.admission.duration")
                .description("Time to answer one AdmissionReview")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(budget.plusSeconds(1))
                .register(registry);
    }

    void request(AdmissionRequest request, String outcome) {
        String kind = ReviewedKinds.label(request.kind());
        counter(List.of("requests", request.operation(), kind, outcome), () -> Counter.builder("palisade.admission.requests")
                .description("AdmissionReviews answered")
                .tag("operation", request.operation()).tag("kind", kind).tag("outcome", outcome)).increment();
    }

    void finding(String check, String mode) {
        counter(List.of("findings", check, mode), () -> Counter.builder("palisade.admission.findings")
                .description("Findings by check and mode")
                .tag("check", check).tag("mode", mode)).increment();
    }

    void error(String reason) {
        counter(List.of("errors", reason), () -> Counter.builder("palisade.admission.errors")
                .description("Malformed requests and internal errors")
                .tag("reason", reason)).increment();
    }

    Timer duration() {
        return duration;
    }

    private Counter counter(List<String> key, Supplier<Counter.Builder> builder) {
        Counter counter = counters.get(key);
        return counter != null ? counter : counters.computeIfAbsent(key, k -> builder.get().register(registry));
    }
}
