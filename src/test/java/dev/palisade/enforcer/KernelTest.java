package dev.palisade.enforcer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test on the real kernel: it builds network namespaces, bridges, veths and VXLAN devices and installs iptables
 * rules inside them. It needs root, iproute2, iptables, ipset and conntrack, and bridge netfilter; without them it is skipped
 * with the reason. {@code -Dpalisade.skipKernel=true} skips it on purpose.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("kernel")
@ExtendWith(KernelTest.Available.class)
public @interface KernelTest {

    final class Available implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Boolean.getBoolean("palisade.skipKernel")) {
                return ConditionEvaluationResult.disabled("kernel tests skipped (-Dpalisade.skipKernel=true)");
            }
            if (!isRoot()) {
                return ConditionEvaluationResult.disabled("kernel tests need root (network namespaces, iptables)");
            }
            for (String tool : new String[] {"ip", "iptables-restore", "iptables-save", "ipset", "conntrack"}) {
                if (!onPath(tool)) {
                    return ConditionEvaluationResult.disabled("kernel tests need " + tool + " (run scripts/setup)");
                }
            }
            if (!Files.isDirectory(Path.of("/proc/sys/net/bridge"))) {
                return ConditionEvaluationResult.disabled("kernel tests need bridge netfilter (modprobe br_netfilter)");
            }
            return ConditionEvaluationResult.enabled("root with ip, iptables and ipset");
        }

        private static boolean isRoot() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Uid:")) {
                        return line.split("\\s+")[2].equals("0");
                    }
                }
            } catch (java.io.IOException e) {
                return false;
            }
            return false;
        }

        private static boolean onPath(String tool) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (Files.isExecutable(Path.of(dir, tool))) {
                    return true;
                }
            }
            for (String dir : new String[] {"/usr/sbin", "/sbin"}) {
                if (Files.isExecutable(Path.of(dir, tool))) {
                    return true;
                }
            }
            return false;
        }
    }
}
