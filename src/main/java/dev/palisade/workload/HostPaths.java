package dev.palisade.workload;

import java.util.ArrayList;
import java.util.List;

/** hostPath volume paths as the node sees them, so that checks compare what is mounted rather than how it is spelt. */
public final class HostPaths {
    private HostPaths() {}

    /**
     * An absolute path without ".", "..", repeated or trailing slashes, and with /var/run spelt /run ({@code /var/run}
     * is a link to {@code /run} on every current distribution).
     */
    public static String normalise(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
            } else {
                parts.add(part);
            }
        }
        if (parts.size() >= 2 && parts.get(0).equals("var") && parts.get(1).equals("run")) {
            parts.removeFirst();
        }
        return "/" + String.join("/", parts);
    }

    /** Whether {@code path} is {@code folder} or lies inside it (both normalised). */
    public static boolean within(String path, String folder) {
        return path.equals(folder) || path.startsWith(folder.equals("/") ? "/" : folder + "/");
    }
}
