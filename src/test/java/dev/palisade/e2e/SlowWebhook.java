package dev.palisade.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.palisade.tls.ServingIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A stand-in webhook that denies every review, but only after {@code delay}: longer than the registration's
 * timeoutSeconds, so that what the API server does with a slow webhook is visible (its timeout wins, then the
 * failurePolicy decides). Palisade itself answers in milliseconds and has no switch to be slow, hence the stand-in.
 */
final class SlowWebhook implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger received = new AtomicInteger();

    SlowWebhook(ServingIdentity identity, Duration delay) throws Exception {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(sslContext(identity)));
        server.setExecutor(executor);
        server.createContext("/validate", exchange -> {
            received.incrementAndGet();
            JsonNode review = JSON.readTree(exchange.getRequestBody());
            TestCluster.sleep(delay.toMillis());
            byte[] answer = ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":\""
                    + review.path("request").path("uid").asText() + "\",\"allowed\":false,\"status\":{\"code\":403,"
                    + "\"message\":\"slow stand-in denies\"}}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, answer.length);
                out.write(answer);
            } catch (IOException e) {
                // The API server gave up waiting and closed the connection: the point of this webhook.
            }
        });
        server.start();
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/validate";
    }

    int received() {
        return received.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static SSLContext sslContext(ServingIdentity identity) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("serving", identity.key(), new char[0], identity.chain().toArray(Certificate[]::new));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
