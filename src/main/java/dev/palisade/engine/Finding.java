package dev.palisade.engine;

import dev.palisade.source.ObjectRef;

/**
 * One violated check on one object: what, where (object, field path, file and line when there is a file), and what to
 * do. {@code exemptedBy} holds the reason of an in-manifest exemption, or null.
 */
public record Finding(
        String check,
        String category,
        Severity severity,
        ObjectRef object,
        String path,
        String file,
        int line,
        String message,
        String remediation,
        String docs,
        String exemptedBy) {

    public boolean exempted() {
        return exemptedBy != null;
    }

    /** {@code file:line}, {@code file}, or "" when the object has no source file. */
    public String location() {
        if (file == null || file.isEmpty()) {
            return "";
        }
        return line > 0 ? file + ":" + line : file;
    }
}
