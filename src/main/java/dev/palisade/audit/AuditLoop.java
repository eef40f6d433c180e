package dev.palisade.audit;

import dev.palisade.engine.Finding;
import dev.palisade.report.LintRun;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
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
 * <p>With several replicas, one audits: a {@code coordination.k8s.io} Lease {@value #LEASE} in the webhook's namespace
 * elects it (fabric8's leader election: 15 s lease, renewed every 2 s), so reports are written once per period rather
 * than once per replica. A replica that loses the lease stops auditing; a lost election is retried. Without a
 * namespace (tests, one process) the loop always audits.
 *
 * <p>Metrics: {@code palisade_audit_leader} (1 on the replica that audits), {@code palisade_audit_findings{check,severity,namespace}} (the findings of the last run that read the cluster whole),
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
    static final String LEASE = "palisade-audit";
    private final String leaseNamespace;
    private final AtomicLong leading = new AtomicLong();
    private volatile boolean closing;
    private volatile java.util.concurrent.CompletableFuture<?> election;

    /** @param leaseNamespace where the Lease that elects the auditing replica lives, or null to always audit */
    public AuditLoop(KubernetesClient client, ClusterAudit audit, AuditSettings settings, MeterRegistry registry, BooleanSupplier ready,
            String leaseNamespace) {
        this.client = client;
        this.leaseNamespace = leaseNamespace;
        leading.set(leaseNamespace == null ? 1 : 0);
        Gauge.builder("palisade.audit.leader", leading, AtomicLong::get).description("1 on the replica that audits").register(registry);
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
        if (leaseNamespace != null) {
            elect();
        }
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    private void elect() {
        String identity = System.getenv().getOrDefault("HOSTNAME", "palisade") + "-" + java.util.UUID.randomUUID();
        var config = new LeaderElectionConfigBuilder().withName(LEASE)
                .withLock(new LeaseLock(leaseNamespace, LEASE, identity))
                .withLeaseDuration(java.time.Duration.ofSeconds(15)).withRenewDeadline(java.time.Duration.ofSeconds(10))
                .withRetryPeriod(java.time.Duration.ofSeconds(2)).withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(() -> {
                    leading.set(1);
                    LOG.info("audit: this replica audits (Lease {}/{})", leaseNamespace, LEASE);
                }, () -> leading.set(0), leader -> { }))
                .build();
        election = client.leaderElector().withConfig(config).build().start();
        election.whenComplete((ignored, error) -> {
            leading.set(0);
            if (!closing) {
                // Lost the lease or could not take part (no permission yet): stand again after a pause.
                try {
                    timer.schedule(this::elect, 5, TimeUnit.SECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // closing meanwhile
                }
            }
        });
    }

    private volatile long nextRun;

    private void tick() {
        if (System.nanoTime() < nextRun || leading.get() == 0 || !ready.getAsBoolean()) {
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
        closing = true;
        var running = election;
        if (running != null) {
            running.cancel(true); // releases the lease, so another replica takes over at once
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
