package dev.palisade.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The chart's PolicyReport CRDs ({@code charts/palisade/templates/policyreport-crds.yaml}) as an installation with
 * {@code audit.installCrds: true} creates them: the file minus its guard and label lines, which are the only template
 * expressions it holds (any other fails loudly).
 */
public final class ChartCrds {
    private static final Path TEMPLATE = Path.of("charts/palisade/templates/policyreport-crds.yaml");

    private ChartCrds() {}

    public static void install(KubernetesClient admin) {
        String text;
        try {
            text = Files.readString(TEMPLATE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + TEMPLATE + ": " + e.getMessage(), e);
        }
        String rendered = text.lines()
                .filter(line -> !line.startsWith("{{- if .Values.audit.installCrds }}") && !line.startsWith("{{- end }}")
                        && !line.strip().startsWith("{{- include \"palisade.labels\""))
                .map(line -> line.strip().equals("labels:") ? "" : line)
                .reduce("", (all, line) -> all + line + "\n");
        if (rendered.contains("{{")) {
            throw new IllegalStateException(TEMPLATE + " uses a template expression ChartCrds does not render");
        }
        for (HasMetadata crd : admin.load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8))).items()) {
            admin.resource(crd).forceConflicts().serverSideApply();
        }
        Eventually.until("the PolicyReport kinds are served", Duration.ofSeconds(30),
                () -> admin.genericKubernetesResources("wgpolicyk8s.io/v1alpha2", "PolicyReport").inAnyNamespace().list(),
                list -> list.getItems() != null);
    }
}
