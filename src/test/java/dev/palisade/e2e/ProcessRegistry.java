package dev.palisade.e2e;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every process the end-to-end fixtures started and have not stopped yet. A JVM shutdown hook kills what is left, so
 * that an aborted run (a test that threw past its cleanup, Ctrl-C, Surefire's fork timeout) leaves no etcd, API server
 * or webhook behind.
 */
final class ProcessRegistry {
    private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessRegistry::killAll, "e2e-process-reaper"));
    }

    private ProcessRegistry() {}

    static void add(ProcessHandle process) {
        RUNNING.add(process);
    }

    static void remove(ProcessHandle process) {
        RUNNING.remove(process);
    }

    private static void killAll() {
        for (ProcessHandle process : RUNNING) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
