package dev.palisade.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/** A real HTTPS client of a running webhook that trusts only the given CAs (hostname verification stays on). */
final class WebhookClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;

    WebhookClient(int port, List<X509Certificate> trusted) {
        this.http = HttpClient.newBuilder().sslContext(dev.palisade.testing.TrustOnly.of(trusted)).connectTimeout(Duration.ofSeconds(5)).build();
        this.base = "https://localhost:" + port;
    }

    /** A response: status, body as JSON (or a missing node), and the certificate the server presented. */
    record Answer(int status, JsonNode body, String raw, X509Certificate serverCertificate) {
        JsonNode response() {
            return body.path("response");
        }
    }

    Answer post(String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    Answer post(String body) throws IOException, InterruptedException {
        return post("/validate", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    Answer get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET().build();
        return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static Answer answer(HttpResponse<String> response) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        X509Certificate certificate = response.sslSession()
                .map(s -> {
                    try {
                        return (X509Certificate) s.getPeerCertificates()[0];
                    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                        return null;
                    }
                }).orElse(null);
        return new Answer(response.statusCode(), body == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : body,
                response.body(), certificate);
    }
}
