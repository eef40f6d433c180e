package dev.palisade.source;

/**
 * Field paths in the dotted form users know from kubectl explain and kube-linter:
 * {@code spec.template.spec.containers[0].image}. Keys that are not plain identifiers are quoted:
 * {@code metadata.annotations['container.apparmor.security.beta.kubernetes.io/app']}.
 */
public final class FieldPath {
    private FieldPath() {}

    public static String field(String parent, String key) {
        if (!plain(key)) {
            return parent + "['" + key.replace("'", "\\'") + "']";
        }
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** {@code [A-Za-z0-9_$-]+}, tested without a regex: this runs for every field of every document read. */
    private static boolean plain(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '$' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The enclosing path, or "" at the root. */
    public static String parent(String path) {
        int end = path.length();
        if (end == 0) {
            return "";
        }
        if (path.charAt(end - 1) == ']') {
            int open = path.charAt(end - 2) == '\'' ? path.lastIndexOf("['") : path.lastIndexOf('[');
            return path.substring(0, Math.max(open, 0));
        }
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf(']');
        return dot > bracket ? path.substring(0, dot) : (bracket >= 0 ? path.substring(0, bracket + 1) : "");
    }
}
