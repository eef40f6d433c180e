package dev.palisade.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The chart's own RBAC for the webhook ({@code charts/palisade/templates/rbac.yaml}: its ClusterRole and the binding
 * to the release's ServiceAccount), rendered for a release name and namespace by substituting the three template
 * expressions that file uses, so that the tests grant exactly what an installation grants. A template expression
 * this does not know fails loudly rather than being guessed.
 */
public final class ChartRbac {
    private static final Path TEMPLATE = Path.of("charts/palisade/templates/rbac.yaml");

    private ChartRbac() {}

    /** The rendered objects; with release "palisade" the fullname, as in the chart, is "palisade". */
    public static List<HasMetadata> render(KubernetesClient client, String release, String namespace) {
        String fullname = release.contains("palisade") ? release : release + "-palisade";
        String text;
        try {
            text = Files.readString(TEMPLATE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + TEMPLATE + ": " + e.getMessage(), e);
        }
        String rendered = text.lines()
                .filter(line -> !line.strip().startsWith("{{- include \"palisade.labels\""))
                .map(line -> line.replace("{{ include \"palisade.fullname\" . }}", fullname)
                        .replace("{{ .Release.Namespace }}", namespace))
                .reduce("", (all, line) -> all + line + "\n");
        if (rendered.contains("{{")) {
            throw new IllegalStateException(TEMPLATE + " uses a template expression ChartRbac does not render: "
                    + rendered.lines().filter(l -> l.contains("{{")).findFirst().orElse(""));
        }
        return client.load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8))).items();
    }

    /** Creates (or replaces) the chart's ClusterRole and ClusterRoleBinding for the release. */
    public static void grant(KubernetesClient admin, String release, String namespace) {
        for (HasMetadata object : render(admin, release, namespace)) {
            admin.resource(object).forceConflicts().serverSideApply();
        }
    }
}
