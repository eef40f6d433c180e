package dev.palisade.admission;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code POST /validate}: the endpoint the API server calls. The body is read as bytes under
 * {@code admission.maxRequestBytes} and parsed by {@link AdmissionReviewReader}; a body that is not a usable
 * AdmissionReview gets HTTP 400 with {@code {"error": "..."}} (the API server then applies the webhook's
 * failurePolicy), everything else gets HTTP 200 with an AdmissionReview response: the judge's, or the
 * {@link TimeBudget}'s when the judge has not answered in time (the request is asynchronous so that either can
 * answer). Nothing here has side effects, so {@code dryRun} requests are judged exactly like the others. Each
 * request's uid is in the log context ({@code admission.uid}), and each decision is one log line.
 *
 * <p>A plain servlet, not a Spring MVC controller: one path, one method, one body type, and DispatcherServlet's
 * handler lookup, argument resolution and message converters cost more per review than judging it. Other methods
 * get 405 through the servlet default and Spring Boot's error page.
 */
final class AdmissionServlet extends HttpServlet {
    static final String PATH = "/validate";
    static final String NAME = "admissionReviews";
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionServlet.class);
    private static final String JSON = "application/json";
    private static final String UID = "admission.uid";

    private final transient AdmissionReviewReader reader;
    private final transient AdmissionJudge judge;
    private final transient AdmissionMetrics metrics;
    private final transient TimeBudget budget;
    private final transient AdmissionResponseWriter writer = new AdmissionResponseWriter();

    AdmissionServlet(AdmissionReviewReader reader, AdmissionJudge judge, AdmissionMetrics metrics, TimeBudget budget) {
        this.reader = reader;
        this.judge = judge;
        this.metrics = metrics;
        this.budget = budget;
    }

    @Override
    protected void doPost(HttpServletRequest http, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        AdmissionRequest request;
        try {
            request = reader.read(readBody(http));
        } catch (MalformedReviewException e) {
            metrics.error(e.reason());
            LOG.warn("refused a malformed AdmissionReview: {}", e.getMessage());
            refuse(response, e.getMessage(), start);
            return;
        } catch (IOException e) {
            metrics.error("body");
            refuse(response, "cannot read the request body: " + e.getMessage(), start);
            return;
        }
        AsyncContext async = http.startAsync();
        async.setTimeout(0); // the time budget answers, not the container
        Reply reply = new Reply(request, async, start);
        ScheduledFuture<?> expiry = budget.arm(() -> reply.send(judge.overBudget()));
        MDC.put(UID, request.uid());
        try {
            reply.send(judge.judge(request));
        } catch (RuntimeException e) {
            LOG.error("judging {} {}/{} failed", request.kind(), request.namespace(), request.name(), e);
            reply.send(judge.failed("internal error"));
        } finally {
            expiry.cancel(false);
            MDC.remove(UID);
        }
    }

    private void refuse(HttpServletResponse response, String message, long start) throws IOException {
        byte[] body = writer.error(message);
        metrics.duration().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        write(response, HttpServletResponse.SC_BAD_REQUEST, body, body.length);
    }

    private static void write(HttpServletResponse response, int status, byte[] body, int length) throws IOException {
        response.setStatus(status);
        response.setContentType(JSON);
        response.setContentLength(length);
        response.getOutputStream().write(body, 0, length); // the whole declared length: Tomcat sends it at once
    }

    /** The one answer to a review: the judge's, or the time budget's if that runs out first. */
    private final class Reply {
        private final AdmissionRequest request;
        private final AsyncContext async;
        private final long start;
        private final AtomicBoolean sent = new AtomicBoolean();

        Reply(AdmissionRequest request, AsyncContext async, long start) {
            this.request = request;
            this.async = async;
            this.start = start;
        }

        void send(AdmissionDecision decision) {
            if (!sent.compareAndSet(false, true)) {
                return;
            }
            MDC.put(UID, request.uid());
            try {
                metrics.request(request, decision.outcome());
                LOG.info("{} {} {}/{} by {}{}: {}{}", request.operation(), request.kind(), request.namespace(), request.name(),
                        request.username(), request.dryRun() ? " (dry run)" : "", decision.outcome(),
                        decision.reason().isEmpty() ? "" : " (" + decision.reason() + ")");
                AdmissionResponseWriter.Body body = writer.write(request.uid(), decision);
                metrics.duration().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                write((HttpServletResponse) async.getResponse(), HttpServletResponse.SC_OK, body.array(), body.size());
            } catch (IOException e) {
                LOG.debug("could not send the answer (the client went away): {}", e.getMessage());
            } finally {
                complete();
                MDC.remove(UID);
            }
        }

        private void complete() {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                LOG.debug("the request ended before its answer: {}", e.getMessage()); // the client closed the connection
            }
        }
    }

    /** At most maxBytes: a larger declared or actual body is refused without reading it all. */
    private byte[] readBody(HttpServletRequest http) throws IOException, MalformedReviewException {
        long declared = http.getContentLengthLong();
        if (declared > reader.maxBytes()) {
            throw new MalformedReviewException("size", "body of " + declared + " bytes is larger than the limit of "
                    + reader.maxBytes() + " bytes; refused");
        }
        try (InputStream in = http.getInputStream()) {
            if (declared >= 0) {
                // One buffer of the declared size, read in place (the API server always declares it).
                byte[] body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                return read == body.length ? body : Arrays.copyOf(body, read);
            }
            byte[] body = in.readNBytes(reader.maxBytes() + 1);
            if (body.length > reader.maxBytes()) {
                throw new MalformedReviewException("size", "body larger than the limit of " + reader.maxBytes() + " bytes; refused");
            }
            return body;
        }
    }
}
