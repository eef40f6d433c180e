package dev.palisade.rbac;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.Violation;
import dev.palisade.source.KubeObject;
import java.util.List;

/**
 * A whole group of users bound to a dangerous role: one of {@code roles} by name (the built-in cluster-admin, admin,
 * edit), or a role of the input with a rule that grants one of {@code grants}. Every present and future member of the
 * group holds it, and group membership is managed outside the cluster. Groups whose name starts with one of
 * {@code ignorePrefixes} ({@code system:}) are left to the checks about those subjects.
 */
final class GroupBindingTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "rbac-group-binding";
    }

    @Override
    public String description() {
        return "Group subjects bound to dangerous roles (params: roles, grants, ignorePrefixes)";
    }

    @Override
    public ObjectKinds kinds(TemplateParams params) {
        return RoleBinding.BINDING_KINDS;
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        List<String> roles = params.strings("roles", List.of("cluster-admin", "admin", "edit"));
        List<Permission> wanted = Permission.parseAll(params.check(), params.raw("grants"));
        List<String> ignore = params.strings("ignorePrefixes", List.of("system:"));
        RbacSettings settings = RbacSettings.from(params);
        return (object, inventory, out) -> {
            if (!RoleBinding.isBinding(object) || settings.skips(object)) {
                return;
            }
            RoleBinding binding = RoleBinding.of(object);
            if (binding.subjects().stream().noneMatch(s -> group(s, ignore))) {
                return;
            }
            RbacModel model = RbacModel.of(inventory);
            String danger = danger(binding, model, roles, wanted);
            if (danger == null) {
                return;
            }
            RbacSettings.Exemption exemption = settings.exemption(object, model);
            for (int i = 0; i < binding.subjects().size(); i++) {
                Subject subject = binding.subjects().get(i);
                if (group(subject, ignore)) {
                    out.add(new Violation("subjects[" + i + "]", "grants every member of " + subject + " " + danger
                            + binding.describeReach() + exemption.expiredNote(), binding.lowerBy(), exemption.exemptedBy()));
                }
            }
        };
    }

    private static boolean group(Subject subject, List<String> ignore) {
        return "Group".equals(subject.kind()) && ignore.stream().noneMatch(subject.name()::startsWith);
    }

    /** Why the bound role is dangerous, or null when it is not (or not in the input). */
    private static String danger(RoleBinding binding, RbacModel model, List<String> roles, List<Permission> wanted) {
        if ("ClusterRole".equals(binding.roleKind()) && roles.contains(binding.roleName())) {
            return "ClusterRole " + binding.roleName();
        }
        KubeObject role = model.roleOf(binding);
        if (role == null) {
            return null;
        }
        for (PolicyRule rule : model.rulesOf(role)) {
            List<Grant> grants = Permission.grantsIn(wanted, rule);
            if (!grants.isEmpty()) {
                return binding.roleKind() + " " + binding.roleName() + ", whose " + rule.describe() + " grants "
                        + grants.getFirst().describe();
            }
        }
        return null;
    }
}
