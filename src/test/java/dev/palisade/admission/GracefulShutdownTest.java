package dev.palisade.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.tls.CertificateFiles;
import dev.palisade.tls.CertificateIssuer;
import dev.palisade.tls.CertificateSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the server (what SIGTERM does) lets a review that is being judged finish and reach its client. */
class GracefulShutdownTest {
    @TempDir
    Path certificates;

    @Test
    void anInFlightReviewIsAnsweredDuringShutdown() throws Exception {
        CertificateSet set = new CertificateIssuer().issue("t", List.of("localhost"), List.of(), Duration.ofDays(1));
        new CertificateFiles(certificates).write(set);
        CountDownLatch judging = new CountDownLatch(1);
        List<dev.palisade.engine.Check> checks = List.of(CheckFailureBehaviourTest.check("slow", (object, inventory, out) -> {
            judging.countDown();
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.add("metadata.name", "judged after a second");
        }));
        WebhookServer.Running server = WebhookServer.start(new WebhookOptions("127.0.0.1", 0, certificates,
                PalisadeConfig.empty(), true, "palisade", Duration.ofSeconds(5), null, checks), "text");
        WebhookClient client = new WebhookClient(server.port(), List.of(set.ca()));
        String review = Reviews.create("team-a", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: 'a:1'}]}\n");
        CompletableFuture<WebhookClient.Answer> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return client.post(review);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(judging.await(20, TimeUnit.SECONDS), "the review reached the check");
        server.close();
        WebhookClient.Answer finished = answer.get(30, TimeUnit.SECONDS);
        assertEquals(200, finished.status(), finished.raw());
        assertTrue(finished.response().path("warnings").toString().contains("judged after a second"), finished.raw());
    }
}
