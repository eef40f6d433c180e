package dev.palisade.enforcer;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs work inside a named network namespace ({@code /run/netns/NAME}, as {@code ip netns add} makes them).
 * setns(2) changes only the calling thread, so each call gets a fresh platform thread that enters the namespace, runs
 * the work and ends: a thread that entered a namespace is never reused for anything else. Sockets opened there
 * (netlink included) stay in that namespace when other threads use them later.
 */
public final class NetworkNamespace {
    private NetworkNamespace() {
    }

    public static <T> T call(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(() -> {
            enterOnThisThread(name);
            return work.call();
        });
        Thread thread = Thread.ofPlatform().name("netns-" + name).daemon().unstarted(task);
        thread.start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnforcerException("interrupted while working in network namespace " + name, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new EnforcerException("in network namespace " + name + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Moves the calling thread into the namespace for good. Only for a thread that does nothing else afterwards (the
     * thread of {@link #call}, or the enforcer's own dedicated kernel thread with {@code --netns}).
     */
    static void enterOnThisThread(String name) {
        if (name.contains("/") || name.isBlank()) {
            throw new EnforcerException("network namespace name \"" + name + "\" is not a plain name under /run/netns");
        }
        KernelCalls libc = KernelCalls.load();
        String path = "/run/netns/" + name;
        int fd = libc.open(path, KernelCalls.O_RDONLY | KernelCalls.O_CLOEXEC);
        if (fd < 0) {
            int errno = KernelCalls.errno();
            throw new EnforcerException("cannot open " + path + ": " + libc.strerror(errno) + " (does `ip netns list` show it?)");
        }
        try {
            if (libc.setns(fd, KernelCalls.CLONE_NEWNET) != 0) {
                int errno = KernelCalls.errno();
                throw new EnforcerException("cannot enter network namespace " + name + ": " + libc.strerror(errno) + " (needs root / CAP_SYS_ADMIN)");
            }
        } finally {
            libc.close(fd);
        }
    }
}
