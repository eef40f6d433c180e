package dev.palisade.admission;

import dev.palisade.audit.AuditSettings;
import dev.palisade.engine.Catalogue;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.Check;
import dev.palisade.tls.CertificateFiles;
import dev.palisade.tls.CertificateSet;
import dev.palisade.tls.DevelopmentCertificates;
import dev.palisade.tls.ServingIdentity;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Starts the webhook: a programmatic Spring Boot application (no fat jar, no component scan) on embedded Tomcat,
 * HTTPS only. The only entry point into Spring: the CLI reaches it from {@code serve} alone.
 */
public final class WebhookServer {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);

    private WebhookServer() {}

    /** A started webhook. Closing it shuts down gracefully: in-flight reviews finish first. */
    public static final class Running implements AutoCloseable {
        private final ConfigurableApplicationContext context;
        private final CountDownLatch closed = new CountDownLatch(1);

        private Running(ConfigurableApplicationContext context) {
            this.context = context;
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) {
                    closed.countDown();
                }
            });
        }

        public int port() {
            return ((WebServerApplicationContext) context).getWebServer().getPort();
        }

        /** Blocks until the server is closed (by {@link #close()} or a SIGTERM's shutdown hook). */
        public void awaitClose() throws InterruptedException {
            closed.await();
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /** The checks the judge runs, as one bean. */
    record Checks(List<Check> list) {}

    /**
     * With {@code logFormat} "json" (ECS structured logs, with the request uid) or "text". Configuration and
     * certificate problems are found before Spring starts and thrown as {@link CatalogueException} or
     * {@link IllegalArgumentException} with a message that names the field or file.
     */
    public static Running start(WebhookOptions options, String logFormat) {
        AdmissionSettings settings = AdmissionSettings.from(options.config(), options.ownNamespace());
        AuditSettings auditSettings = AuditSettings.from(options.config());
        Catalogue catalogue = Catalogue.load(options.config());
        for (String id : settings.checkModes().keySet()) {
            if (catalogue.byId(id) == null) {
                throw new CatalogueException("config " + options.config().source() + ": admission.checks." + id
                        + " names no known check (see palisade checks list)");
            }
        }
        List<Check> checks = options.checks() != null ? options.checks()
                : admissionChecks(catalogue.selected(options.config().profile()), settings);
        CertificateFiles files = new CertificateFiles(options.certificates());
        ServingIdentity identity = servingIdentity(files, options.ownNamespace());
        SpringApplication application = new SpringApplication(WebhookConfiguration.class);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        application.setDefaultProperties(properties(options, logFormat));
        application.addInitializers(context -> {
            context.getBeanFactory().registerSingleton("webhookOptions", options);
            context.getBeanFactory().registerSingleton("servingIdentity", identity);
            context.getBeanFactory().registerSingleton("certificateFiles", files);
            context.getBeanFactory().registerSingleton("admissionSettings", settings);
            context.getBeanFactory().registerSingleton("auditSettings", auditSettings);
            context.getBeanFactory().registerSingleton("admissionChecks", new Checks(checks));
        });
        try {
            return new Running(application.run());
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof PortInUseException inUse) {
                    throw new IllegalArgumentException("port " + inUse.getPort() + " is already in use; choose another with --port");
                }
            }
            throw e;
        }
    }

    /**
     * The catalogue's checks minus the schema category, unless {@code admission.checks} names one: the API server has
     * validated the object against its schema, its label and port-name syntax, and warned of a deprecated version
     * before it calls the webhook, so judging that again costs time and says nothing new.
     */
    static List<Check> admissionChecks(List<Check> selected, AdmissionSettings settings) {
        return selected.stream()
                .filter(c -> !SCHEMA_CATEGORY.equals(c.definition().category()) || settings.checkModes().containsKey(c.id()))
                .toList();
    }

    private static final String SCHEMA_CATEGORY = "schema";

    private static ServingIdentity servingIdentity(CertificateFiles files, String namespace) {
        try {
            if (files.absent()) {
                CertificateSet set = DevelopmentCertificates.create(files, namespace);
                LOG.warn("no certificates in {}: generated a development CA and serving pair there (for production use"
                        + " palisade certs, a Secret or cert-manager); caBundle: {}", files.folder(), CertificateFiles.caBundle(set.ca()));
            }
            return files.readServing();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot use the certificates in " + files.folder() + ": " + e.getMessage()
                    + " (empty the folder to get a development pair, or run palisade certs)");
        }
    }

    private static Map<String, Object> properties(WebhookOptions options, String logFormat) {
        Map<String, Object> p = new HashMap<>();
        p.put("server.address", options.address());
        p.put("server.port", options.port());
        p.put("server.ssl.bundle", ServingTlsBundle.NAME);
        p.put("server.shutdown", "graceful");
        p.put("spring.lifecycle.timeout-per-shutdown-phase", "25s");
        p.put("server.tomcat.connection-timeout", "10s");
        // The API server keeps its connections open; Tomcat's default of 100 requests per connection made every
        // hundredth review pay a full TLS handshake. 1000 is nginx's default: connections still turn over now and
        // then, so a scaled-up Deployment's new replicas get their share.
        p.put("server.tomcat.max-keep-alive-requests", "1000");
        // Requests run on virtual threads: a check that hangs past the time budget (answered by TimeBudget) then
        // holds a parked continuation, not one of a bounded pool of OS threads.
        p.put("spring.threads.virtual.enabled", "true");
        p.put("server.tomcat.max-swallow-size", "4MB");
        p.put("server.error.include-stacktrace", "never");
        p.put("server.error.include-message", "never");
        p.put("server.error.whitelabel.enabled", "false");
        p.put("spring.jmx.enabled", "false");
        p.put("spring.main.allow-bean-definition-overriding", "false");
        p.put("management.endpoints.web.exposure.include", "health,prometheus");
        p.put("management.endpoint.health.probes.enabled", "true");
        p.put("management.endpoint.health.show-details", "always");
        p.put("management.endpoint.health.group.readiness.include", "readinessState,clusterCache");
        p.put("management.endpoint.health.group.liveness.include", "livenessState");
        p.put("management.metrics.tags.application", "palisade");
        // InformerClusterView logs each change of reason once; fabric8 would add a stack trace on every retry.
        p.put("logging.level.io.fabric8.kubernetes.client.informers.impl.cache.Reflector", "ERROR");
        // The PolicyReport API is v1alpha2 by its working group's design; fabric8 would warn of it on every run.
        p.put("logging.level.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", "ERROR");
        // A replica that does not hold the audit's Lease retries every 2 s; fabric8 logs each try with a stack trace.
        p.put("logging.level.io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector", "ERROR");
        if ("json".equals(logFormat)) {
            p.put("logging.structured.format.console", EcsLogFormatter.class.getName());
        }
        return p;
    }
}
