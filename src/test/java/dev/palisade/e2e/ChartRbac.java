package dev.palisade.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The chart's own RBAC for the webhook ({@code charts/palisade/templates/rbac.yaml}), rendered by helm
 * ({@code scripts/helm template --show-only}) for a release name and namespace, so that the tests grant exactly what an
 * installation grants, whatever that template comes to hold.
 */
public final class ChartRbac {
    static final String CHART = "charts/palisade";
    static final String TEMPLATE = "templates/rbac.yaml";

    private ChartRbac() {}

    /** The objects helm renders from the template; release "palisade" gives them, as in the chart, the name "palisade". */
    public static List<HasMetadata> render(KubernetesClient client, String release, String namespace) {
        CommandResult helm = CommandResult.run(List.of(Path.of("scripts/helm").toAbsolutePath().toString(), "template", release,
                CHART, "--namespace", namespace, "--show-only", TEMPLATE), null, Duration.ofMinutes(20));
        if (helm.exitCode() != 0) {
            throw new IllegalStateException("helm could not render " + CHART + "/" + TEMPLATE + ": " + helm);
        }
        List<HasMetadata> objects = client.load(new ByteArrayInputStream(helm.out().getBytes(StandardCharsets.UTF_8))).items();
        if (objects.isEmpty()) {
            throw new IllegalStateException("helm rendered nothing from " + CHART + "/" + TEMPLATE + ": " + helm);
        }
        return objects;
    }

    /** Creates (or replaces) the chart's RBAC objects for the release. */
    public static void grant(KubernetesClient admin, String release, String namespace) {
        for (HasMetadata object : render(admin, release, namespace)) {
            admin.resource(object).forceConflicts().serverSideApply();
        }
    }
}
