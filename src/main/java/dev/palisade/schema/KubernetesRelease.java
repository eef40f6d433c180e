package dev.palisade.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.TemplateParams;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes minor release, the target a run lints for: {@code --kubernetes-version}, else the configuration's
 * {@code kubernetes.version}, else {@link #DEFAULT}. Written {@code 1.37}, {@code v1.37} or {@code 1.37.2} (the
 * patch does not change which APIs are served).
 */
public record KubernetesRelease(int major, int minor) implements Comparable<KubernetesRelease> {
    public static final KubernetesRelease DEFAULT = new KubernetesRelease(1, 37);
    private static final Pattern FORM = Pattern.compile("v?(\\d+)\\.(\\d+)(\\.\\d+)?");

    public static KubernetesRelease parse(String text) {
        Matcher matcher = FORM.matcher(text == null ? "" : text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Kubernetes version \"" + text + "\" is not a release: write it as 1.37 (or v1.37.2)");
        }
        return new KubernetesRelease(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    /** The target of a run as the configuration's {@code kubernetes} section gives it. */
    static KubernetesRelease target(TemplateParams params) {
        JsonNode version = params.configSection("kubernetes").path("version");
        if (version.isMissingNode() || version.isNull()) {
            return DEFAULT;
        }
        try {
            return parse(version.asText());
        } catch (IllegalArgumentException e) {
            throw new CatalogueException("config " + params.configSource() + ": kubernetes.version: " + e.getMessage());
        }
    }

    public boolean atLeast(KubernetesRelease other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(KubernetesRelease other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
