package dev.palisade.rbac;

import dev.palisade.engine.Inventory;
import dev.palisade.engine.InventoryView;
import dev.palisade.netpol.LabelIndex;
import dev.palisade.netpol.LabelSelector;
import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The roles and bindings of one input, related: which bindings reach a role, which ClusterRoles an aggregated
 * ClusterRole picks with its {@code aggregationRule}, and so every rule a role holds and how far it reaches. Built once
 * per {@link Inventory} ({@link #of}) and then only read by the RBAC checks of that run, from any thread.
 *
 * <p>Cost, for R roles, B bindings and the aggregation closure (the ClusterRoles each aggregate picks, through chains):
 * roles by name and bindings by role are hash indexes built in O(R + B); the aggregation closure of every aggregate is
 * found through a {@link LabelIndex} of the ClusterRoles' labels, in O(R + the closure's size); the rules and the reach
 * of every role are then computed once, in O(R + B + closure). Every query afterwards is a lookup.
 */
final class RbacModel {
    /** The labels that make a ClusterRole part of the built-in admin, edit and view roles. */
    static final Map<String, String> BUILT_IN_AGGREGATES = Map.of(
            "rbac.authorization.k8s.io/aggregate-to-admin", "admin",
            "rbac.authorization.k8s.io/aggregate-to-edit", "edit",
            "rbac.authorization.k8s.io/aggregate-to-view", "view");

    static final InventoryView<RbacModel> VIEW = new InventoryView<>("RBAC model", inventory -> {
        List<KubeObject> rbac = new ArrayList<>();
        for (String kind : List.of("ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding")) {
            rbac.addAll(inventory.ofKind(kind));
        }
        return new RbacModel(rbac);
    });

    /** A role as a binding's roleRef names it: a ClusterRole by name, a Role by namespace and name. */
    private record RoleKey(String kind, String namespace, String name) {
        static RoleKey of(String kind, String namespace, String name) {
            return new RoleKey(kind, "ClusterRole".equals(kind) ? "" : namespace, name);
        }
    }

    private final List<KubeObject> roles = new ArrayList<>();
    private final List<RoleBinding> bindings = new ArrayList<>();
    private final Map<String, KubeObject> clusterRoles = new LinkedHashMap<>();
    private final Map<RoleKey, KubeObject> namespacedRoles = new HashMap<>();
    private final Map<RoleKey, List<RoleBinding>> bindingsByRole = new HashMap<>();
    private final LabelIndex<KubeObject> clusterRolesByLabel = new LabelIndex<>();
    private final Map<KubeObject, List<LabelSelector>> selectors = new IdentityHashMap<>();
    private final Map<KubeObject, List<KubeObject>> aggregatedFrom = new IdentityHashMap<>();
    private final Map<KubeObject, List<KubeObject>> aggregatesOf = new IdentityHashMap<>();
    private final Map<KubeObject, List<PolicyRule>> ownRules = new IdentityHashMap<>();
    private final Map<KubeObject, List<PolicyRule>> rules = new IdentityHashMap<>();
    private final Map<KubeObject, Reach> reach = new IdentityHashMap<>();

    private RbacModel(List<KubeObject> objects) {
        for (KubeObject object : objects) {
            if (RoleBinding.isRole(object)) {
                roles.add(object);
                if ("ClusterRole".equals(object.kind())) {
                    if (clusterRoles.putIfAbsent(object.name(), object) == null) {
                        clusterRolesByLabel.add(object, object.labels());
                    }
                } else {
                    namespacedRoles.putIfAbsent(RoleKey.of(object.kind(), object.namespace(), object.name()), object);
                }
            } else if (RoleBinding.isBinding(object)) {
                RoleBinding binding = RoleBinding.of(object);
                bindings.add(binding);
                bindingsByRole.computeIfAbsent(RoleKey.of(binding.roleKind(), object.namespace(), binding.roleName()),
                        k -> new ArrayList<>()).add(binding);
            }
        }
        for (KubeObject role : roles) {
            selectors.put(role, parseSelectors(role));
            ownRules.put(role, PolicyRule.of(role));
        }
        for (KubeObject role : roles) {
            aggregatedFrom.put(role, collectAggregated(role));
        }
        for (KubeObject aggregate : clusterRoles.values()) {
            for (KubeObject component : aggregatedFrom.get(aggregate)) {
                if (component != aggregate) {
                    aggregatesOf.computeIfAbsent(component, c -> new ArrayList<>()).add(aggregate);
                }
            }
        }
        for (KubeObject role : roles) {
            rules.put(role, computeRules(role));
        }
        for (KubeObject role : roles) {
            reach.put(role, computeReach(role));
        }
    }

    /** The model of an inventory, built once and shared by every RBAC check of the run. */
    static RbacModel of(Inventory inventory) {
        return inventory.view(VIEW);
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
        return namespacedRoles.get(RoleKey.of(binding.roleKind(), binding.object().namespace(), binding.roleName()));
    }

    List<RoleBinding> bindingsOf(KubeObject role) {
        return bindingsByRole.getOrDefault(RoleKey.of(role.kind(), role.namespace(), role.name()), List.of());
    }

    /**
     * The rules a role holds. An aggregated ClusterRole holds the union of the ClusterRoles its selectors pick from the
     * input (the aggregation controller overwrites its own {@code rules}); when the input holds none of them, its own
     * rules are judged as written.
     */
    List<PolicyRule> rulesOf(KubeObject role) {
        List<PolicyRule> known = rules.get(role);
        return known != null ? known : computeRules(role);
    }

    /** Every ClusterRole an aggregated ClusterRole picks, following aggregation chains (edit into admin). */
    List<KubeObject> aggregatedFrom(KubeObject role) {
        List<KubeObject> known = aggregatedFrom.get(role);
        return known != null ? known : collectAggregated(role);
    }

    /** The aggregation selectors of a ClusterRole; none when it does not aggregate or a selector does not parse. */
    List<LabelSelector> selectors(KubeObject role) {
        List<LabelSelector> known = selectors.get(role);
        return known != null ? known : parseSelectors(role);
    }

    /** The ClusterRoles of the input that aggregate this one. */
    List<KubeObject> aggregatesOf(KubeObject role) {
        if (aggregatedFrom.containsKey(role)) {
            return aggregatesOf.getOrDefault(role, List.of());
        }
        // A role outside the model (the webhook's reviewed role, judged against the cluster's): the aggregates whose
        // selectors pick its labels as written now, then whatever aggregates those (their closure is known), O(R).
        List<KubeObject> aggregates = new ArrayList<>();
        if (!"ClusterRole".equals(role.kind())) {
            return aggregates;
        }
        for (KubeObject candidate : clusterRoles.values()) {
            if (!candidate.name().equals(role.name()) && selectors(candidate).stream().anyMatch(s -> s.matches(role.labels()))) {
                aggregates.add(candidate);
            }
        }
        for (KubeObject direct : List.copyOf(aggregates)) {
            for (KubeObject further : aggregatesOf.getOrDefault(direct, List.of())) {
                if (!aggregates.contains(further) && !further.name().equals(role.name())) {
                    aggregates.add(further);
                }
            }
        }
        return aggregates;
    }

    /** How far a role's rules reach: through its own bindings, and through every aggregate that picks it. */
    Reach reachOf(KubeObject role) {
        Reach known = reach.get(role);
        return known != null ? known : computeReach(role);
    }

    private List<PolicyRule> computeRules(KubeObject role) {
        List<KubeObject> picked = aggregatedFrom(role);
        if (picked.isEmpty()) {
            List<PolicyRule> own = ownRules.get(role);
            return own != null ? own : PolicyRule.of(role);
        }
        List<PolicyRule> union = new ArrayList<>();
        for (KubeObject component : picked) {
            List<PolicyRule> own = ownRules.get(component);
            union.addAll(own != null ? own : PolicyRule.of(component));
        }
        return List.copyOf(union);
    }

    private Reach computeReach(KubeObject role) {
        Reach result = Reach.of(role, bindingsOf(role));
        if ("ClusterRole".equals(role.kind())) {
            Map<String, String> labels = role.labels();
            for (Map.Entry<String, String> label : BUILT_IN_AGGREGATES.entrySet()) {
                if ("true".equals(labels.get(label.getKey()))) {
                    result = result.aggregatedInto(label.getValue(), true);
                }
            }
            for (KubeObject aggregate : aggregatesOf(role)) {
                Reach through = Reach.of(aggregate, bindingsOf(aggregate));
                result = result.aggregatedInto(aggregate.name(), through.widest());
            }
        }
        return result;
    }

    /**
     * The components an aggregate picks, depth first in input order: an aggregate met on the way contributes its own
     * components, or itself when none of them is in the input. Each ClusterRole name is expanded once per walk.
     */
    private List<KubeObject> collectAggregated(KubeObject role) {
        if (!"ClusterRole".equals(role.kind()) || selectors(role).isEmpty()) {
            return List.of();
        }
        List<KubeObject> picked = new ArrayList<>();
        collect(role, picked, Collections.newSetFromMap(new IdentityHashMap<>()), new HashSet<>());
        return List.copyOf(picked);
    }

    private void collect(KubeObject role, List<KubeObject> picked, Set<KubeObject> pickedSet, Set<String> seen) {
        if (!"ClusterRole".equals(role.kind()) || !seen.add(role.name())) {
            return;
        }
        for (KubeObject candidate : clusterRolesByLabel.matchingAny(selectors(role))) {
            if (candidate == role) {
                continue;
            }
            int before = picked.size();
            if (!selectors(candidate).isEmpty()) {
                collect(candidate, picked, pickedSet, seen);
            }
            // a plain ClusterRole, or an aggregate whose own components are not in the input: its rules as written
            if (picked.size() == before && pickedSet.add(candidate)) {
                picked.add(candidate);
            }
        }
    }

    private static List<LabelSelector> parseSelectors(KubeObject role) {
        var nodes = role.root().path("aggregationRule").path("clusterRoleSelectors");
        List<LabelSelector> parsed = new ArrayList<>();
        List<String[]> errors = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            LabelSelector selector = LabelSelector.parse(nodes.get(i), "aggregationRule.clusterRoleSelectors[" + i + "]", errors);
            if (selector != null) {
                parsed.add(selector);
            }
        }
        return List.copyOf(parsed);
    }
}
