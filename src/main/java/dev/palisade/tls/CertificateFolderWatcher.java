package dev.palisade.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when the serving pair in a certificate folder changes and hands the new identity to a listener, so that
 * cert-manager or a Secret update rotates certificates without a restart.
 *
 * <p>It polls the files' content rather than using a WatchService: a mounted Secret is updated by swapping the
 * {@code ..data} symlink, which changes what {@code tls.crt} points at without any event on {@code tls.crt} itself,
 * and inotify is absent on some volume types. Reading two small files every few seconds costs nothing. A pair that
 * does not parse or whose key does not match the certificate (a writer caught half way) is ignored and the server
 * keeps its current identity; it is picked up on the next poll once it is complete.
 */
public final class CertificateFolderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateFolderWatcher.class);

    private final CertificateFiles files;
    private final Consumer<ServingIdentity> listener;
    private final ScheduledExecutorService timer;
    private byte[] fingerprint;
    private String lastProblem;

    /**
     * @param files    the folder to watch
     * @param listener called with each new valid identity, on the watcher's thread
     */
    public CertificateFolderWatcher(CertificateFiles files, Consumer<ServingIdentity> listener) {
        this.files = files;
        this.listener = listener;
        this.fingerprint = fingerprintOrNull();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "palisade-certificate-watcher");
            thread.setDaemon(true);
            return thread;
        });
    }

    public CertificateFolderWatcher start(Duration interval) {
        timer.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One look at the folder; public so that a test or an operator signal can force it. */
    public synchronized void poll() {
        byte[] now = fingerprintOrNull();
        if (now == null || Arrays.equals(now, fingerprint)) {
            return;
        }
        ServingIdentity identity;
        try {
            identity = files.readServing();
        } catch (IOException | RuntimeException e) {
            String problem = e.getMessage();
            if (!problem.equals(lastProblem)) {
                LOG.warn("certificate files changed but cannot be used yet; keeping the current certificate: {}", problem);
                lastProblem = problem;
            }
            return;
        }
        lastProblem = null;
        try {
            listener.accept(identity);
            fingerprint = now;
            LOG.info("serving certificate reloaded from {}: subject {}, serial {}, valid until {}", files.folder(),
                    identity.leaf().getSubjectX500Principal().getName(), identity.leaf().getSerialNumber().toString(16),
                    identity.leaf().getNotAfter().toInstant());
        } catch (RuntimeException e) {
            LOG.error("serving certificate from {} could not be installed; keeping the current one: {}", files.folder(), e.toString());
        }
    }

    private byte[] fingerprintOrNull() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Files.readAllBytes(files.certificate()));
            digest.update((byte) 0);
            digest.update(Files.readAllBytes(files.key()));
            return digest.digest();
        } catch (IOException e) {
            return null; // missing or unreadable (mid-swap): try again on the next poll
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
