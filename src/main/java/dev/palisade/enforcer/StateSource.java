package dev.palisade.enforcer;

import dev.palisade.source.KubeObject;
import java.util.List;

/** Where the cluster state comes from: state files, or the API server through informers. */
interface StateSource extends AutoCloseable {

    /** The current objects; throws {@link EnforcerException} when they cannot be read (the caller keeps the last good). */
    List<KubeObject> read();

    /** Waits up to {@code millis} for a change; true when something may have changed since the last {@link #read}. */
    boolean awaitChange(long millis) throws InterruptedException;

    @Override
    default void close() {
    }
}
