package dev.palisade.netpol;

import dev.palisade.source.KubeObject;
import dev.palisade.source.ObjectRef;

/**
 * A policy, selector or object that the model could not read, with where it is: the model leaves out what it
 * cannot understand (documented per case) and reports this instead of throwing.
 */
public record PolicyError(ObjectRef object, String file, int line, String path, String message) {

    static PolicyError at(KubeObject object, String path, String message) {
        return new PolicyError(object.ref(), object.file(), object.lineOf(path), path, message);
    }

    /** {@code file:line: Kind/ns/name: path: message}, without the parts that are unknown. */
    @Override
    public String toString() {
        String where = file.isEmpty() ? "" : file + (line > 0 ? ":" + line : "") + ": ";
        return where + object + (path.isEmpty() ? "" : " " + path) + ": " + message;
    }
}
