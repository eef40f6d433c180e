package dev.palisade.admission;

import dev.palisade.engine.Finding;
import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps what the webhook returns within what the API server and kubectl handle well. Kubernetes asks that each
 * warning be short ("under 120 characters if possible"), and the API server drops warnings beyond a total size, so a
 * warning is {@code [check-id] message} cut at 120 characters, and at most {@link #MAX_WARNINGS} are sent (the last one
 * says how many were left out). A denial lists every violated check (id, field path, message, remediation) up to
 * {@link #MAX_MESSAGE} characters, then says how many more there are.
 */
final class ResponseLimits {
    static final int MAX_WARNING = 120;
    static final int MAX_WARNINGS = 20;
    static final int MAX_MESSAGE = 4096;

    private ResponseLimits() {}

    static String warning(Finding finding) {
        return cut("[" + finding.check() + "] " + (finding.path().isEmpty() ? "" : finding.path() + ": ") + finding.message());
    }

    /**
     * The response's warnings: the notes first, then one per warned finding, at most {@link #MAX_WARNINGS} in all. Only
     * the warnings sent are built.
     */
    static List<String> warnings(List<String> notes, List<Finding> warned) {
        int total = notes.size() + warned.size();
        int shown = total <= MAX_WARNINGS ? total : MAX_WARNINGS - 1;
        List<String> kept = new ArrayList<>(Math.min(total, MAX_WARNINGS));
        for (int i = 0; i < shown; i++) {
            kept.add(i < notes.size() ? cut(notes.get(i)) : warning(warned.get(i - notes.size())));
        }
        if (shown < total) {
            kept.add("palisade: " + (total - shown) + " more warnings not shown; run palisade lint on the manifest");
        }
        return kept;
    }

    static String denial(KubeObject object, List<Finding> enforced) {
        // Sized once (a line per violation, up to the limit): growing to it copied the message over and over.
        StringBuilder message = new StringBuilder(Math.min(MAX_MESSAGE + 100, 160 + 240 * enforced.size())).append("palisade denied ").append(object.ref())
                .append(": ").append(enforced.size()).append(enforced.size() == 1 ? " violation" : " violations");
        int shown = 0;
        for (Finding f : enforced) {
            String line = "\n- [" + f.check() + "] " + (f.path().isEmpty() ? "" : f.path() + ": ") + f.message()
                    + " Fix: " + f.remediation();
            if (message.length() + line.length() > MAX_MESSAGE - 100) {
                break;
            }
            message.append(line);
            shown++;
        }
        if (shown < enforced.size()) {
            message.append("\n... and ").append(enforced.size() - shown)
                    .append(" more; run palisade lint on the manifest to see them all");
        }
        return message.toString();
    }

    private static String cut(String text) {
        String flat = text.replace('\n', ' ');
        return flat.length() <= MAX_WARNING ? flat : flat.substring(0, MAX_WARNING - 1) + "…";
    }
}
