package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The labs one kernel test made ({@code @RegisterExtension final Labs labs = new Labs();}, then
 * {@code try (Lab lab = labs.create())}): after each test, none of them may have left a network namespace behind,
 * whether the test passed or failed. Also the policies several kernel tests apply.
 */
final class Labs implements AfterEachCallback {
    /** Namespace x isolated for ingress. */
    static final String DENY_X = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-ingress, namespace: x}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """;
    /** Every pod of namespace y may connect into namespace x. */
    static final String ALLOW_FROM_Y = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-from-y, namespace: x}
            spec:
              podSelector: {}
              ingress:
              - from: [{namespaceSelector: {matchLabels: {ns: "y"}}}]
            """;

    private final List<String> prefixes = new ArrayList<>();

    /** A new lab, checked for leftovers after the test. */
    Lab create() {
        Lab lab = new Lab();
        prefixes.add(lab.prefix);
        return lab;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> made = List.copyOf(prefixes);
        prefixes.clear();
        for (String prefix : made) {
            assertEquals(List.of(), Lab.leftovers(prefix), "the lab left namespaces behind");
        }
    }
}
