package dev.palisade.admission;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code POST /validate}: the endpoint the API server calls. The body is read as bytes under
 * {@code admission.maxRequestBytes} and parsed by {@link AdmissionReviewReader}; a body that is not a usable
 * AdmissionReview gets HTTP 400 with {@code {"error": "..."}} (the API server then applies the webhook's
 * failurePolicy), everything else gets HTTP 200 with an AdmissionReview response. Nothing here has side effects, so
 * {@code dryRun} requests are judged exactly like the others. Each request's uid is in the log context
 * ({@code admission.uid}), and each decision is one log line.
 *
 * <p>A plain servlet, not a Spring MVC controller: one path, one method, one body type, and DispatcherServlet's
 * handler lookup, argument resolution and message converters cost more per review than judging it. Other methods
 * get 405 through the servlet default and Spring Boot's error page.
 */
final class AdmissionServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionServlet.class);
    static final String PATH = "/validate";
    private static final String JSON = "application/json";

    private final transient AdmissionReviewReader reader;
    private final transient AdmissionJudge judge;
    private final transient AdmissionMetrics metrics;
    private final transient AdmissionResponseWriter writer = new AdmissionResponseWriter();

    AdmissionServlet(AdmissionReviewReader reader, AdmissionJudge judge, AdmissionMetrics metrics) {
        this.reader = reader;
        this.judge = judge;
        this.metrics = metrics;
    }

    @Override
    protected void doPost(HttpServletRequest http, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        int status;
        byte[] answer;
        try {
            AdmissionRequest request = reader.read(readBody(http));
            MDC.put("admission.uid", request.uid());
            try {
                AdmissionDecision decision = judge.judge(request);
                metrics.request(request, decision.outcome());
                LOG.info("{} {} {}/{} by {}{}: {}{}", request.operation(), request.kind(), request.namespace(), request.name(),
                        request.username(), request.dryRun() ? " (dry run)" : "", decision.outcome(),
                        decision.reason().isEmpty() ? "" : " (" + decision.reason() + ")");
                answer = writer.write(request.uid(), decision);
                status = HttpServletResponse.SC_OK;
            } finally {
                MDC.remove("admission.uid");
            }
        } catch (MalformedReviewException e) {
            metrics.error(e.reason());
            LOG.warn("refused a malformed AdmissionReview: {}", e.getMessage());
            answer = writer.error(e.getMessage());
            status = HttpServletResponse.SC_BAD_REQUEST;
        } catch (IOException e) {
            metrics.error("body");
            answer = writer.error("cannot read the request body: " + e.getMessage());
            status = HttpServletResponse.SC_BAD_REQUEST;
        } finally {
            metrics.duration().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        response.setStatus(status);
        response.setContentType(JSON);
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
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
