package dev.palisade.netpol;

import dev.palisade.source.ObjectRef;
import java.util.List;

/**
 * Something about the input the model handled but the user should know, with where it is: today, the same policy
 * given more than once. {@code toString()} is {@code file:line: Kind/ns/name: message}.
 */
public record PolicyWarning(ObjectRef object, String file, int line, String message) {

    /** The copies of one policy, in input order: the last one is used. */
    static PolicyWarning duplicate(List<ModelPolicy> copies) {
        ModelPolicy used = copies.getLast();
        List<String> places = copies.stream().map(PolicyWarning::place).toList();
        return new PolicyWarning(used.ref(), used.file(), used.line(), used.describe() + " is given " + copies.size()
                + " times (" + String.join(", ", places) + "); the last one (" + place(used)
                + ") is used, as kubectl apply of all of them would leave it");
    }

    private static String place(ModelPolicy policy) {
        return policy.file().isEmpty() ? "input" : policy.file() + (policy.line() > 0 ? ":" + policy.line() : "");
    }

    @Override
    public String toString() {
        String where = file.isEmpty() ? "" : file + (line > 0 ? ":" + line : "") + ": ";
        return where + object + ": " + message;
    }
}
