package dev.palisade.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * A binding that names one of the check's {@code subjects} ({kind, name, note}; a name ending in {@code *} is a
 * prefix): for example everyone ({@code system:authenticated}), anyone ({@code system:anonymous},
 * {@code system:unauthenticated}) or the {@code default} ServiceAccount that every pod without its own runs as. One
 * finding per subject, at its line; a RoleBinding in an ordinary namespace is one step lower.
 */
final class BindingSubjectsTemplate implements CheckTemplate {

    private record Wanted(String kind, String name, String note) {
        boolean matches(Subject subject) {
            if (!kind.equals(subject.kind())) {
                return false;
            }
            return name.endsWith("*") ? subject.name().startsWith(name.substring(0, name.length() - 1)) : name.equals(subject.name());
        }
    }

    @Override
    public String name() {
        return "rbac-binding-subjects";
    }

    @Override
    public String description() {
        return "bindings that name given subjects (params: subjects: [{kind, name, note}], a trailing * is a prefix)";
    }

    @Override
    public ObjectKinds kinds(TemplateParams params) {
        return RoleBinding.BINDING_KINDS;
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        List<Wanted> wanted = parse(params.check(), params.raw("subjects"));
        RbacSettings settings = RbacSettings.from(params);
        return (object, inventory, out) -> {
            if (!RoleBinding.isBinding(object) || settings.skips(object)) {
                return;
            }
            RoleBinding binding = RoleBinding.of(object);
            RbacSettings.Exemption exemption = null;
            for (int i = 0; i < binding.subjects().size(); i++) {
                Subject subject = binding.subjects().get(i);
                for (Wanted w : wanted) {
                    if (w.matches(subject)) {
                        if (exemption == null) {
                            exemption = settings.exemption(object, RbacModel.of(inventory));
                        }
                        String note = w.note().isEmpty() ? "" : " (" + w.note() + ")";
                        out.add(new Violation("subjects[" + i + "]", "grants " + binding.roleKind() + " " + binding.roleName()
                                + " to " + subject + note + binding.describeReach() + exemption.expiredNote(),
                                binding.lowerBy(), exemption.exemptedBy()));
                        break;
                    }
                }
            }
        };
    }

    private static List<Wanted> parse(String check, JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new CatalogueException("check " + check + ": template parameter \"subjects\" must be a non-empty list of {kind, name}");
        }
        List<Wanted> list = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String kind = entry.path("kind").asText("");
            String name = entry.path("name").asText("");
            if (!List.of("User", "Group", "ServiceAccount").contains(kind) || name.isEmpty()) {
                throw new CatalogueException("check " + check + ": subjects[" + i + "] needs kind User, Group or ServiceAccount and a name");
            }
            list.add(new Wanted(kind, name, entry.path("note").asText("")));
        }
        return List.copyOf(list);
    }
}
