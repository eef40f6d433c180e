package dev.palisade.admission;

import dev.palisade.audit.AuditLoop;
import dev.palisade.audit.AuditSettings;
import dev.palisade.audit.ClusterAudit;
import dev.palisade.lint.Linter;
import dev.palisade.tls.CertificateFiles;
import dev.palisade.tls.CertificateFolderWatcher;
import dev.palisade.tls.ServingIdentity;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/** The webhook's beans, declared one by one (no component scan, so the application is exactly what is listed). */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class WebhookConfiguration {

    @Bean(destroyMethod = "close")
    ClusterView clusterView(WebhookOptions options) {
        if (options.offline()) {
            return ClusterView.offline();
        }
        return new InformerClusterView(options.client() != null ? options.client() : new KubernetesClientBuilder().build());
    }

    @Bean
    AdmissionMetrics admissionMetrics(MeterRegistry registry, AdmissionSettings settings) {
        return new AdmissionMetrics(registry, settings.timeBudget());
    }

    @Bean(destroyMethod = "close")
    TimeBudget timeBudget(AdmissionSettings settings) {
        return new TimeBudget(settings.timeBudget());
    }

    @Bean
    AdmissionJudge admissionJudge(WebhookServer.Checks admissionChecks, AdmissionSettings settings, ClusterView cluster,
            AdmissionMetrics metrics) {
        return new AdmissionJudge(admissionChecks.list(), settings, cluster, metrics);
    }

    @Bean
    AdmissionReviewReader admissionReviewReader(AdmissionSettings settings) {
        return new AdmissionReviewReader(settings.maxRequestBytes(), settings.maxDepth());
    }

    @Bean
    ServletRegistrationBean<AdmissionServlet> admissionServlet(AdmissionReviewReader reader, AdmissionJudge judge,
            AdmissionMetrics metrics, TimeBudget timeBudget) {
        ServletRegistrationBean<AdmissionServlet> registration = new ServletRegistrationBean<>(
                new AdmissionServlet(reader, judge, metrics, timeBudget), AdmissionServlet.PATH);
        registration.setName(AdmissionServlet.NAME);
        registration.setLoadOnStartup(1);
        registration.setAsyncSupported(true);
        return registration;
    }

    /** Reviews pass no servlet filter ({@link FiltersBesideReviews}); the other endpoints keep them all. */
    @Bean
    TomcatContextCustomizer filtersBesideReviews() {
        return context -> FiltersBesideReviews.install(context, AdmissionServlet.NAME);
    }

    /**
     * Reviews are timed by {@code palisade_admission_duration_seconds}; Spring's own {@code http.server.requests}
     * observation of them would time them twice at a cost of its own, so it keeps to the other endpoints.
     */
    @Bean
    ObservationPredicate reviewsLeaveHttpServerObservations() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && AdmissionServlet.PATH.equals(request.getCarrier().getServletPath()));
    }

    /**
     * The background audit ({@code audit:}), on the informers' client, judged with lint's catalogue and threshold (the
     * schema category included), so its PolicyReports say what {@code palisade audit} says. None offline.
     */
    @Bean(destroyMethod = "close")
    AuditLoop auditLoop(ClusterView cluster, WebhookOptions options, AuditSettings auditSettings, MeterRegistry registry) {
        if (!(cluster instanceof InformerClusterView live) || !auditSettings.enabled()) {
            return null;
        }
        Linter linter = new Linter(options.config(), null, null);
        return new AuditLoop(live.client(), new ClusterAudit(linter.checks(), options.config().failOn()), auditSettings, registry,
                cluster::synced, options.ownNamespace()).start();
    }

    @Bean
    ClusterCacheMetrics clusterCacheMetrics(ClusterView cluster) {
        return new ClusterCacheMetrics(cluster);
    }

    @Bean
    ClusterCacheHealth clusterCache(ClusterView cluster) {
        return new ClusterCacheHealth(cluster);
    }

    @Bean
    SslBundleRegistrar servingBundle(ServingIdentity servingIdentity) {
        return registry -> registry.registerBundle(ServingTlsBundle.NAME, ServingTlsBundle.of(servingIdentity));
    }

    /** Rotation: a changed, complete pair in the folder replaces the bundle; Tomcat picks it up for new connections. */
    @Bean(destroyMethod = "close")
    CertificateFolderWatcher certificateFolderWatcher(CertificateFiles certificateFiles, SslBundleRegistry registry,
            WebhookOptions options) {
        return new CertificateFolderWatcher(certificateFiles,
                identity -> registry.updateBundle(ServingTlsBundle.NAME, ServingTlsBundle.of(identity)))
                .start(options.reloadInterval());
    }
}
