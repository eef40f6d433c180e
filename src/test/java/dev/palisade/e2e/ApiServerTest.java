package dev.palisade.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A test against the real API server of {@link TestCluster}: declare a {@code TestCluster} parameter (in a
 * {@code @BeforeAll} method, a constructor or a test) to get the one cluster of the run, started on first use and
 * stopped when the run ends. {@code -Dpalisade.skipE2e=true} skips these tests on purpose (the first build of the
 * cluster takes about 11 minutes); nothing else skips them: without Go the run fails and says why.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("e2e")
@ExtendWith({ApiServerTest.Enabled.class, ApiServerTest.SharedCluster.class})
public @interface ApiServerTest {

    final class Enabled implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return Boolean.getBoolean("palisade.skipE2e")
                    ? ConditionEvaluationResult.disabled("API server tests skipped (-Dpalisade.skipE2e=true)")
                    : ConditionEvaluationResult.enabled("the test cluster is built by test-cluster/build");
        }
    }

    /**
     * Keeps the cluster in the root store, which JUnit closes once, after the last test class of the run. A failed
     * start is kept too, so that the next classes fail at once with the first reason instead of trying again.
     */
    final class SharedCluster implements ParameterResolver {
        private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(SharedCluster.class);

        private record Started(TestCluster cluster, RuntimeException failure) implements AutoCloseable {
            @Override
            public void close() {
                if (cluster != null) {
                    cluster.close();
                }
            }
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestCluster.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Started started = context.getRoot().getStore(STORE).computeIfAbsent(Started.class, key -> {
                try {
                    return new Started(TestCluster.start(Path.of("target/e2e/cluster-" + ProcessHandle.current().pid())), null);
                } catch (RuntimeException e) {
                    return new Started(null, e);
                }
            }, Started.class);
            if (started.failure() != null) {
                throw new IllegalStateException("the test cluster did not start: " + started.failure().getMessage(), started.failure());
            }
            return started.cluster();
        }
    }
}
