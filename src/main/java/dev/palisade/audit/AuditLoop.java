package dev.palisade.audit;

import dev.palisade.engine.Finding;
import dev.palisade.report.LintRun;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code palisade serve}'s background audit: every {@code audit.interval}, once the webhook's caches have synced (so
 * the API server is reachable), the cluster is read whole ({@link ClusterLister}), judged ({@link ClusterAudit}) and
 * the {@link PolicyReports} reconciled ({@link PolicyReportWriter}). A run that cannot read the cluster whole (the API
 * server restarted mid-list, a continue token expired) writes nothing and the next run starts over; one that fails
 * mid-write leaves each report old or new, never doubled, and the next run finishes. Runs never overlap.
 *
 * <p>Metrics: {@code palisade_audit_findings{check,severity,namespace}} (the findings of the last run that read the cluster whole),
 * {@code palisade_audit_runs_total{outcome}} (success, failed), {@code palisade_audit_objects} and
 * {@code palisade_audit_last_success_seconds} (Unix time).
 */
public final class AuditLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLoop.class);

    private final KubernetesClient client;
    private final ClusterAudit audit;
    private final AuditSettings settings;
    private final BooleanSupplier ready;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("palisade-audit").daemon().factory());
    private final MultiGauge findings;
    private final Counter succeeded;
    private final Counter failed;
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong lastSuccess = new AtomicLong();
    private volatile String lastFailure;

    public AuditLoop(KubernetesClient client, ClusterAudit audit, AuditSettings settings, MeterRegistry registry, BooleanSupplier ready) {
        this.client = client;
        this.audit = audit;
        this.settings = settings;
        this.ready = ready;
        this.findings = MultiGauge.builder("palisade.audit.findings").description("Findings of the last audit by check, severity and namespace")
                .register(registry);
        this.succeeded = Counter.builder("palisade.audit.runs").tag("outcome", "success").description("Background audits").register(registry);
        this.failed = Counter.builder("palisade.audit.runs").tag("outcome", "failed").description("Background audits").register(registry);
        Gauge.builder("palisade.audit.objects", objects, AtomicLong::get).description("Objects judged by the last audit").register(registry);
        Gauge.builder("palisade.audit.last.success.seconds", lastSuccess, AtomicLong::get)
                .description("Unix time the last audit finished").register(registry);
    }

    /** Starts the period; the first run follows as soon as the caches have synced. */
    public AuditLoop start() {
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    private volatile long nextRun;

    private void tick() {
        if (System.nanoTime() < nextRun || !ready.getAsBoolean()) {
            return;
        }
        runOnce();
        nextRun = System.nanoTime() + settings.interval().toNanos();
    }

    /** One audit, now, on the caller's thread. */
    public void runOnce() {
        long start = System.nanoTime();
        try {
            ClusterLister.Listing listing = new ClusterLister(client).list(null);
            LintRun run = audit.run(listing, null);
            publish(run);
            String written = "";
            if (settings.reports()) {
                List<PolicyReports.Report> reports = PolicyReports.build(run, audit.judged(listing, null), Instant.now());
                written = "; PolicyReports " + new PolicyReportWriter(client).reconcile(reports, null);
            }
            succeeded.increment();
            lastSuccess.set(Instant.now().getEpochSecond());
            if (lastFailure != null) {
                LOG.info("audit succeeds again after: {}", lastFailure);
                lastFailure = null;
            }
            LOG.info("audit: {} objects, {} findings, {} check failures in {} ms{}", run.objects(), run.findings().size(),
                    run.failures().size(), (System.nanoTime() - start) / 1_000_000, written);
        } catch (RuntimeException e) {
            failed.increment();
            String reason = e instanceof ClusterReadException ? e.getMessage() : String.valueOf(e);
            if (!reason.equals(lastFailure)) {
                LOG.warn("audit failed, retrying next period ({}): {}", settings.interval(), reason);
            }
            lastFailure = reason;
        }
    }

    private void publish(LintRun run) {
        Map<List<String>, Integer> counts = new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        for (Finding finding : run.findings()) {
            counts.merge(List.of(finding.check(), finding.severity().label(), finding.object().namespace()), 1, Integer::sum);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((key, count) -> rows.add(MultiGauge.Row.of(Tags.of("check", key.get(0), "severity", key.get(1),
                "namespace", key.get(2)), count)));
        findings.register(rows, true);
        objects.set(run.objects());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
