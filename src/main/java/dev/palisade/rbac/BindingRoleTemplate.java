package dev.palisade.rbac;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.Violation;
import dev.palisade.source.KubeObject;
import java.util.List;

/**
 * A binding to a role that holds everything: one of {@code roles} by name (cluster-admin), or a role of the input
 * with a rule granting {@code *} on {@code *} in {@code *}. Its subjects can do anything in the binding's reach; a
 * RoleBinding in an ordinary namespace is one step lower.
 */
final class BindingRoleTemplate implements CheckTemplate {

    @Override
    public String name() {
        return "rbac-binding-role";
    }

    @Override
    public String description() {
        return "bindings to roles that grant everything (params: roles, rolesGrantingEverything)";
    }

    @Override
    public ObjectKinds kinds(TemplateParams params) {
        return RoleBinding.BINDING_KINDS;
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        List<String> roles = params.strings("roles", List.of("cluster-admin"));
        boolean wildcardRoles = params.bool("rolesGrantingEverything", true);
        RbacSettings settings = RbacSettings.from(params);
        return (object, inventory, out) -> {
            if (!RoleBinding.isBinding(object) || settings.skips(object)) {
                return;
            }
            RbacModel model = RbacModel.of(inventory);
            RoleBinding binding = RoleBinding.of(object);
            String why = null;
            if ("ClusterRole".equals(binding.roleKind()) && roles.contains(binding.roleName())) {
                why = "ClusterRole " + binding.roleName();
            } else if (wildcardRoles) {
                KubeObject role = model.roleOf(binding);
                PolicyRule everything = role == null ? null
                        : model.rulesOf(role).stream().filter(PolicyRule::grantsEverything).findFirst().orElse(null);
                if (everything != null) {
                    why = binding.roleKind() + " " + binding.roleName() + ", whose " + everything.describe()
                            + " grants every verb on every resource in every API group";
                }
            }
            if (why == null) {
                return;
            }
            RbacSettings.Exemption exemption = settings.exemption(object, model);
            out.add(new Violation("roleRef", "grants " + why + " to " + binding.describeSubjects()
                    + binding.describeReach() + exemption.expiredNote(), binding.lowerBy(), exemption.exemptedBy()));
        };
    }
}
