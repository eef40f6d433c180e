package dev.palisade.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.Violation;
import java.util.HashMap;
import java.util.Map;

/**
 * An object whose apiVersion the target release no longer serves, or has deprecated. The table is data, in the
 * check's {@code apis} parameter: each entry names an {@code apiVersion}, its {@code kinds}, the release that
 * {@code deprecated} it, the first release that no longer serves it ({@code removed}, absent when none is scheduled)
 * and the {@code replacement}. A user adds entries for their own CRDs' versions in the same form. Removed for the
 * target: the check's severity; deprecated but still served: two severities lower. The finding points at
 * {@code apiVersion}.
 */
final class ApiDeprecationTemplate implements CheckTemplate {

    private record Entry(KubernetesRelease deprecated, KubernetesRelease removed, String replacement) {}

    @Override
    public String name() {
        return "api-deprecation";
    }

    @Override
    public String description() {
        return "apiVersions removed in or deprecated by the target Kubernetes release (params: apis)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        Map<String, Entry> table = table(params);
        KubernetesRelease target = KubernetesRelease.target(params);
        return (object, inventory, out) -> {
            Entry entry = table.get(object.apiVersion() + " " + object.kind());
            if (entry == null || !target.atLeast(entry.deprecated())) {
                return;
            }
            String what = object.kind() + " " + object.apiVersion();
            if (entry.removed() != null && target.atLeast(entry.removed())) {
                out.add("apiVersion", what + " was removed in Kubernetes " + entry.removed() + " (deprecated since "
                        + entry.deprecated() + "); the target " + target + " rejects it: use " + entry.replacement());
            } else {
                out.add(new Violation("apiVersion", what + " is deprecated since Kubernetes " + entry.deprecated()
                        + (entry.removed() == null ? "" : " and removed in " + entry.removed()) + ": use " + entry.replacement(), 2, null));
            }
        };
    }

    private static Map<String, Entry> table(TemplateParams params) {
        JsonNode apis = params.raw("apis");
        if (apis == null || !apis.isArray()) {
            throw new CatalogueException("check " + params.check() + ": template parameter \"apis\" must be a list");
        }
        Map<String, Entry> table = new HashMap<>();
        for (int i = 0; i < apis.size(); i++) {
            JsonNode api = apis.get(i);
            String where = "check " + params.check() + ": apis[" + i + "]";
            String apiVersion = api.path("apiVersion").asText("");
            if (apiVersion.isEmpty() || !api.path("kinds").isArray() || !api.hasNonNull("deprecated") || !api.hasNonNull("replacement")) {
                throw new CatalogueException(where + " needs apiVersion, kinds, deprecated and replacement (removed is optional)");
            }
            Entry entry;
            try {
                entry = new Entry(KubernetesRelease.parse(api.get("deprecated").asText()),
                        api.hasNonNull("removed") ? KubernetesRelease.parse(api.get("removed").asText()) : null,
                        api.get("replacement").asText());
            } catch (IllegalArgumentException e) {
                throw new CatalogueException(where + ": " + e.getMessage());
            }
            for (JsonNode kind : api.get("kinds")) {
                table.put(apiVersion + " " + kind.asText(), entry);
            }
        }
        return table;
    }
}
