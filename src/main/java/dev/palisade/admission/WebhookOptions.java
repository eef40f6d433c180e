package dev.palisade.admission;

import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Check;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to run the webhook.
 *
 * @param address        the address to listen on (0.0.0.0 in a pod)
 * @param port           the HTTPS port; 0 picks a free one (tests)
 * @param certificates   the certificate folder ({@link dev.palisade.tls.CertificateFiles}); a development pair is
 *                       generated there when it holds none
 * @param config         the configuration (catalogue overrides, custom checks, the admission section)
 * @param offline        no cluster: the live NetworkPolicy check is skipped with a warning in each response
 * @param ownNamespace   the webhook's namespace, exempt by default
 * @param reloadInterval how often the certificate folder is looked at
 * @param client         the cluster client (null: from the environment, kubeconfig or in-cluster; ignored offline)
 * @param checks         the checks to run (null: the catalogue of {@code config}, as {@code palisade lint} runs it)
 */
public record WebhookOptions(
        String address,
        int port,
        Path certificates,
        PalisadeConfig config,
        boolean offline,
        String ownNamespace,
        Duration reloadInterval,
        KubernetesClient client,
        List<Check> checks) {

    public WebhookOptions withClient(KubernetesClient newClient) {
        return new WebhookOptions(address, port, certificates, config, offline, ownNamespace, reloadInterval, newClient, checks);
    }

    public WebhookOptions withChecks(List<Check> newChecks) {
        return new WebhookOptions(address, port, certificates, config, offline, ownNamespace, reloadInterval, client, newChecks);
    }
}
