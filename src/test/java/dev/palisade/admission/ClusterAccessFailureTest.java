package dev.palisade.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What the readiness endpoint says while the informers retry: one line an operator can act on. */
class ClusterAccessFailureTest {
    private static final String SERVER = "https://10.0.0.1:6443/";

    @Test
    void forbiddenNamesTheDeniedRequestAndTheGrantItNeeds() {
        KubernetesClientException forbidden = new KubernetesClientException(new StatusBuilder().withCode(403)
                .withMessage("networkpolicies.networking.k8s.io is forbidden: User \"system:serviceaccount:palisade:palisade\" cannot list")
                .build());
        assertEquals("forbidden: networkpolicies.networking.k8s.io is forbidden: User \"system:serviceaccount:palisade:palisade\""
                + " cannot list (grant list and watch on networkpolicies, as the chart's ClusterRole does)",
                ClusterAccessFailure.describe(new CompletionException(forbidden), "networkpolicies", SERVER));
    }

    @Test
    void rejectedCredentialsSayWhichServerRejectedThem() {
        KubernetesClientException unauthorized = new KubernetesClientException(new StatusBuilder().withCode(401).withMessage("Unauthorized").build());
        assertEquals("the API server at " + SERVER + " rejects the webhook's credentials (401 Unauthorized)",
                ClusterAccessFailure.describe(unauthorized, "namespaces", SERVER));
    }

    @Test
    void anUnreachableServerIsNamedWithTheSocketError() {
        Throwable refused = new KubernetesClientException("An error has occurred.", new ConnectException("Connection refused"));
        assertEquals("cannot reach the API server at " + SERVER + ": Connection refused",
                ClusterAccessFailure.describe(refused, "namespaces", SERVER));
    }
}
