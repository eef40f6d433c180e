package dev.palisade.admission;

import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /validate}: the endpoint the API server calls. The body is read as bytes under
 * {@code admission.maxRequestBytes} and parsed by {@link AdmissionReviewReader}; a body that is not a usable
 * AdmissionReview gets HTTP 400 with {@code {"error": "..."}} (the API server then applies the webhook's
 * failurePolicy), everything else gets HTTP 200 with an AdmissionReview response. Nothing here has side effects, so
 * {@code dryRun} requests are judged exactly like the others. Each request's uid is in the log context
 * ({@code admission.uid}).
 */
@RestController
final class AdmissionController {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionController.class);

    private final AdmissionReviewReader reader;
    private final AdmissionJudge judge;
    private final AdmissionMetrics metrics;
    private final AdmissionResponseWriter writer = new AdmissionResponseWriter();

    AdmissionController(AdmissionReviewReader reader, AdmissionJudge judge, AdmissionMetrics metrics) {
        this.reader = reader;
        this.judge = judge;
        this.metrics = metrics;
    }

    @PostMapping(path = "/validate")
    ResponseEntity<byte[]> validate(HttpServletRequest http) {
        Timer.Sample sample = Timer.start();
        try {
            byte[] body;
            try {
                body = readBody(http);
            } catch (MalformedReviewException e) {
                return badRequest(e);
            } catch (IOException e) {
                metrics.error("body");
                return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                        .body(writer.error("cannot read the request body: " + e.getMessage()));
            }
            AdmissionRequest request;
            try {
                request = reader.read(body);
            } catch (MalformedReviewException e) {
                return badRequest(e);
            }
            MDC.put("admission.uid", request.uid());
            try {
                AdmissionDecision decision = judge.judge(request);
                metrics.request(request, decision.outcome());
                LOG.info("{} {} {}/{} by {}{}: {}", request.operation(), request.kind(), request.namespace(), request.name(),
                        request.username(), request.dryRun() ? " (dry run)" : "", decision.outcome());
                return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(writer.write(request.uid(), decision));
            } finally {
                MDC.remove("admission.uid");
            }
        } finally {
            sample.stop(metrics.duration());
        }
    }

    private ResponseEntity<byte[]> badRequest(MalformedReviewException e) {
        metrics.error(e.reason());
        LOG.warn("refused a malformed AdmissionReview: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON)
                .body(writer.error(e.getMessage()));
    }

    /** At most maxBytes: a larger declared or actual body is refused without reading it all. */
    private byte[] readBody(HttpServletRequest http) throws IOException, MalformedReviewException {
        long declared = http.getContentLengthLong();
        if (declared > reader.maxBytes()) {
            throw new MalformedReviewException("size", "body of " + declared + " bytes is larger than the limit of "
                    + reader.maxBytes() + " bytes; refused");
        }
        try (InputStream in = http.getInputStream()) {
            byte[] body = in.readNBytes(reader.maxBytes() + 1);
            if (body.length > reader.maxBytes()) {
                throw new MalformedReviewException("size", "body larger than the limit of " + reader.maxBytes() + " bytes; refused");
            }
            return body;
        }
    }
}
