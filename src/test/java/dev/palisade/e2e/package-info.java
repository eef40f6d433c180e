/**
 * End-to-end tests against a real kube-apiserver, and the fixture for more of them.
 *
 * <p>A new test class on the cluster:
 * <pre>
 * &#64;ApiServerTest
 * class MyTest {
 *     &#64;BeforeAll
 *     static void setUp(TestCluster cluster) {                  // the run's one cluster, started on first use
 *         cluster.createNamespace("e2e-mine", Map.of(WebhookRegistration.SUITE_LABEL, "mine"));
 *         webhook = WebhookProcess.prepare("serve-mine", Path.of("target/e2e/mine"), config,
 *                 cluster.kubeconfig(cluster.webhook())).startReady();      // palisade serve, chart RBAC only
 *         registration = WebhookRegistration.register(cluster.adminClient(), "palisade-e2e-mine", "mine",
 *                 webhook.url(), webhook.caBundle(), "Fail", 10, WebhookRegistration.JUDGED_KINDS);
 *     }
 *     // close both in &#64;AfterAll; objects go through cluster.adminClient(), cluster.impersonating(user, groups...)
 *     // or cluster.kubectl(identity, stdin, args...) for what a user would type (kubectl prints the warnings).
 * }
 * </pre>
 *
 * <p>Rules that keep suites apart in the shared cluster: namespaces of your own (labelled with your suite, which your
 * registration selects); a registration with a name of your own, deleted after the class; cluster-scoped rules
 * ({@link dev.palisade.e2e.WebhookRegistration#JUDGED_KINDS}) only while your class runs (classes run one after the
 * other); an API server stopped with {@link dev.palisade.e2e.TestCluster#stopApiServer()} started again in a
 * {@code finally}. There is no controller manager: no Pods from Deployments, no namespace deletion, no token
 * controller (identities come from the token file: {@link dev.palisade.e2e.TestCluster#admin()},
 * {@link dev.palisade.e2e.TestCluster#webhook()}, {@link dev.palisade.e2e.TestCluster#ungrantedWebhook()}).
 *
 * <p>{@code palisade serve} runs as a real process (the product's main class in a child JVM on the test class path,
 * with bin/palisade's JVM options), not in-process: the tests then see what a pod sees, the cluster found through
 * {@code KUBECONFIG}, the command-line flags, a SIGKILL for "down" and a clean restart on the same port.
 */
package dev.palisade.e2e;
