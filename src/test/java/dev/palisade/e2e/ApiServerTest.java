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

    /** Keeps the cluster in the root store, which JUnit closes once, after the last test class of the run. */
    final class SharedCluster implements ParameterResolver {
        private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(SharedCluster.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestCluster.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(STORE).computeIfAbsent(TestCluster.class,
                    key -> TestCluster.start(Path.of("target/e2e/cluster-" + ProcessHandle.current().pid())), TestCluster.class);
        }
    }
}
