package dev.palisade.rbac;

import dev.palisade.engine.Inventory;
import dev.palisade.netpol.LabelSelector;
import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The roles and bindings of one input, related: which bindings reach a role, which ClusterRoles an aggregated
 * ClusterRole picks with its {@code aggregationRule}, and so every rule a role holds and how far it reaches. Built once
 * per {@link Inventory} and shared by the RBAC checks of that run.
 */
final class RbacModel {
    /** The labels that make a ClusterRole part of the built-in admin, edit and view roles. */
    static final Map<String, String> BUILT_IN_AGGREGATES = Map.of(
            "rbac.authorization.k8s.io/aggregate-to-admin", "admin",
            "rbac.authorization.k8s.io/aggregate-to-edit", "edit",
            "rbac.authorization.k8s.io/aggregate-to-view", "view");

    private static final Map<Inventory, RbacModel> MODELS = Collections.synchronizedMap(new WeakHashMap<>());

    private final List<KubeObject> roles = new ArrayList<>();
    private final List<RoleBinding> bindings = new ArrayList<>();
    private final Map<String, KubeObject> clusterRoles = new LinkedHashMap<>();

    private RbacModel(List<KubeObject> objects) {
        for (KubeObject object : objects) {
            if (RoleBinding.isRole(object)) {
                roles.add(object);
                if ("ClusterRole".equals(object.kind())) {
                    clusterRoles.putIfAbsent(object.name(), object);
                }
            } else if (RoleBinding.isBinding(object)) {
                bindings.add(RoleBinding.of(object));
            }
        }
    }

    static RbacModel of(Inventory inventory) {
        return MODELS.computeIfAbsent(inventory, i -> {
            List<KubeObject> rbac = new ArrayList<>();
            for (String kind : List.of("ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding")) {
                rbac.addAll(i.ofKind(kind));
            }
            return new RbacModel(rbac);
        });
    }

    static RbacModel of(List<KubeObject> objects) {
        return new RbacModel(objects);
    }

    List<RoleBinding> bindings() {
        return bindings;
    }

    /** The role a binding refers to, when the input holds it. */
    KubeObject roleOf(RoleBinding binding) {
        if ("ClusterRole".equals(binding.roleKind())) {
            return clusterRoles.get(binding.roleName());
        }
        for (KubeObject role : roles) {
            if (binding.refersTo(role)) {
                return role;
            }
        }
        return null;
    }

    List<RoleBinding> bindingsOf(KubeObject role) {
        return bindings.stream().filter(b -> b.refersTo(role)).toList();
    }

    /**
     * The rules a role holds. An aggregated ClusterRole holds the union of the ClusterRoles its selectors pick from the
     * input (the aggregation controller overwrites its own {@code rules}); when the input holds none of them, its own
     * rules are judged as written.
     */
    List<PolicyRule> rulesOf(KubeObject role) {
        List<KubeObject> picked = aggregatedFrom(role);
        if (picked.isEmpty()) {
            return PolicyRule.of(role);
        }
        List<PolicyRule> rules = new ArrayList<>();
        for (KubeObject component : picked) {
            rules.addAll(PolicyRule.of(component));
        }
        return rules;
    }

    /** Every ClusterRole an aggregated ClusterRole picks, following aggregation chains (edit into admin). */
    List<KubeObject> aggregatedFrom(KubeObject role) {
        List<KubeObject> picked = new ArrayList<>();
        collect(role, picked, new HashSet<>());
        return picked;
    }

    private void collect(KubeObject role, List<KubeObject> picked, Set<String> seen) {
        if (!"ClusterRole".equals(role.kind()) || !seen.add(role.name())) {
            return;
        }
        List<LabelSelector> selectors = selectors(role);
        for (KubeObject candidate : clusterRoles.values()) {
            if (candidate != role && selectors.stream().anyMatch(s -> s.matches(candidate.labels()))) {
                int before = picked.size();
                if (!selectors(candidate).isEmpty()) {
                    collect(candidate, picked, seen);
                }
                // a plain ClusterRole, or an aggregate whose own components are not in the input: its rules as written
                if (picked.size() == before && !picked.contains(candidate)) {
                    picked.add(candidate);
                }
            }
        }
    }

    /** The aggregation selectors of a ClusterRole; none when it does not aggregate or a selector does not parse. */
    static List<LabelSelector> selectors(KubeObject role) {
        var nodes = role.root().path("aggregationRule").path("clusterRoleSelectors");
        List<LabelSelector> selectors = new ArrayList<>();
        List<String[]> errors = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            LabelSelector selector = LabelSelector.parse(nodes.get(i), "aggregationRule.clusterRoleSelectors[" + i + "]", errors);
            if (selector != null) {
                selectors.add(selector);
            }
        }
        return selectors;
    }

    /** The ClusterRoles of the input that aggregate this one. */
    List<KubeObject> aggregatesOf(KubeObject role) {
        List<KubeObject> aggregates = new ArrayList<>();
        for (KubeObject candidate : clusterRoles.values()) {
            if (candidate != role && aggregatedFrom(candidate).contains(role)) {
                aggregates.add(candidate);
            }
        }
        return aggregates;
    }

    /** How far a role's rules reach: through its own bindings, and through every aggregate that picks it. */
    Reach reachOf(KubeObject role) {
        Reach reach = Reach.of(role, bindingsOf(role));
        if ("ClusterRole".equals(role.kind())) {
            for (Map.Entry<String, String> label : BUILT_IN_AGGREGATES.entrySet()) {
                if ("true".equals(role.labels().get(label.getKey()))) {
                    reach = reach.aggregatedInto(label.getValue(), true);
                }
            }
            for (KubeObject aggregate : aggregatesOf(role)) {
                Reach through = Reach.of(aggregate, bindingsOf(aggregate));
                reach = reach.aggregatedInto(aggregate.name(), through.widest());
            }
        }
        return reach;
    }
}
