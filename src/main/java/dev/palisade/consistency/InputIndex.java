package dev.palisade.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.Inventory;
import dev.palisade.engine.InventoryView;
import dev.palisade.source.KubeObject;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The cross-object facts of one input, built once per {@link Inventory} and shared by every consistency check of the
 * run (the checks are evaluated object by object; scanning the input per object would make a run quadratic).
 * <ul>
 *   <li>pod owners (Pods and every pod controller) by namespace, and by namespace plus one {@code key=value} label of
 *       their pod template (a posting list per label pair);</li>
 *   <li>Services and pod owners by namespace, kind and name;</li>
 *   <li>PodDisruptionBudgets by namespace and matchLabels pair, and those without matchLabels by namespace;</li>
 *   <li>autoscalers (HorizontalPodAutoscaler, KEDA ScaledObject) by the namespace, kind and name they target.</li>
 * </ul>
 * Building costs O(n + the number of labels). A selector lookup ({@link #selected}) walks the shortest posting list
 * of the selector's pairs, which for the usual {@code app: name} selector holds the workloads that selector is
 * meant for, so judging every Service and PodDisruptionBudget of an input is O(n · that list), linear for real
 * inputs. Built once per inventory ({@link InventoryView}).
 */
final class InputIndex {
    private static final InventoryView<InputIndex> VIEW = new InventoryView<>("consistency input index",
            inventory -> new InputIndex(inventory.objects()));
    private static final Set<String> POD_OWNER_KINDS = Set.of("Pod", "Deployment", "StatefulSet", "DaemonSet",
            "ReplicaSet", "ReplicationController", "Job", "CronJob");

    /** A Pod or pod controller, its pod template and the labels its pods carry. */
    record PodOwner(KubeObject object, PodTemplate pod, Map<String, String> labels) {
        String describe() {
            return object.kind() + "/" + object.name();
        }
    }

    private final Map<String, List<PodOwner>> ownersByNamespace = new HashMap<>();
    private final Map<String, List<PodOwner>> ownersByLabel = new HashMap<>();
    private final Map<String, KubeObject> byName = new HashMap<>();
    private final Set<String> namespacesWithServices = new java.util.HashSet<>();
    private final Map<String, List<KubeObject>> budgetsByLabel = new HashMap<>();
    private final Map<String, List<KubeObject>> budgetsWithoutLabels = new HashMap<>();
    private final Map<String, List<KubeObject>> autoscalersByTarget = new HashMap<>();

    private InputIndex(List<KubeObject> objects) {
        for (KubeObject object : objects) {
            String kind = object.kind();
            if (POD_OWNER_KINDS.contains(kind)) {
                addOwner(object);
            } else if (kind.equals("Service") && object.group().isEmpty()) {
                byName.put(key(object.namespace(), kind, object.name()), object);
                namespacesWithServices.add(object.namespace());
            } else if (kind.equals("PodDisruptionBudget")) {
                addBudget(object);
            } else if (kind.equals("HorizontalPodAutoscaler") || kind.equals("ScaledObject")) {
                JsonNode target = object.root().path("spec").path("scaleTargetRef");
                // KEDA's ScaledObject defaults its target kind to Deployment.
                String targetKind = target.path("kind").asText(kind.equals("ScaledObject") ? "Deployment" : "");
                autoscalersByTarget.computeIfAbsent(key(object.namespace(), targetKind, target.path("name").asText("")),
                        k -> new ArrayList<>()).add(object);
            }
        }
    }

    static InputIndex of(Inventory inventory) {
        return inventory.view(VIEW);
    }

    /** Whether the input holds a Pod or pod controller in the namespace: only then can a selector be judged empty. */
    boolean hasPodOwners(String namespace) {
        return ownersByNamespace.containsKey(namespace);
    }

    boolean hasServices(String namespace) {
        return namespacesWithServices.contains(namespace);
    }

    /**
     * The pod owners of a namespace whose pod labels satisfy {@code selector}; {@code matchLabels} are the selector's
     * equality pairs (they pick the posting list to walk), {@code selector} the whole test.
     */
    List<PodOwner> selected(String namespace, Map<String, String> matchLabels, Predicate<Map<String, String>> selector) {
        List<PodOwner> candidates = ownersByNamespace.getOrDefault(namespace, List.of());
        for (Map.Entry<String, String> pair : matchLabels.entrySet()) {
            List<PodOwner> posting = ownersByLabel.getOrDefault(labelKey(namespace, pair.getKey(), pair.getValue()), List.of());
            if (posting.size() < candidates.size()) {
                candidates = posting;
            }
        }
        List<PodOwner> selected = new ArrayList<>();
        for (PodOwner owner : candidates) {
            if (selector.test(owner.labels())) {
                selected.add(owner);
            }
        }
        return selected;
    }

    Optional<KubeObject> service(String namespace, String name) {
        return Optional.ofNullable(byName.get(key(namespace, "Service", name)));
    }

    Optional<KubeObject> podOwner(String namespace, String kind, String name) {
        return Optional.ofNullable(byName.get(key(namespace, kind, name)));
    }

    /** The PodDisruptionBudgets of the owner's namespace whose selector matches its pod labels. */
    List<KubeObject> budgetsCovering(PodOwner owner) {
        String namespace = owner.object().namespace();
        Map<KubeObject, Boolean> candidates = new LinkedHashMap<>();
        budgetsWithoutLabels.getOrDefault(namespace, List.of()).forEach(b -> candidates.put(b, true));
        owner.labels().forEach((k, v) ->
                budgetsByLabel.getOrDefault(labelKey(namespace, k, v), List.of()).forEach(b -> candidates.put(b, true)));
        List<KubeObject> covering = new ArrayList<>();
        for (KubeObject budget : candidates.keySet()) {
            Selectors.Selector selector = Selectors.labelSelector(budget.root().path("spec").path("selector"), true);
            if (selector != null && selector.test(owner.labels())) {
                covering.add(budget);
            }
        }
        return covering;
    }

    /** The autoscalers of the input that target this object (same namespace, kind and name). */
    List<KubeObject> autoscalersOf(KubeObject object) {
        return autoscalersByTarget.getOrDefault(key(object.namespace(), object.kind(), object.name()), List.of());
    }

    /** The pod owner a pod-bearing object is, or empty. */
    static Optional<PodOwner> owner(KubeObject object) {
        if (!POD_OWNER_KINDS.contains(object.kind())) {
            return Optional.empty();
        }
        return PodSpecAccessor.podTemplate(object).map(pod -> new PodOwner(object, pod, labels(pod.metadata())));
    }

    private void addOwner(KubeObject object) {
        owner(object).ifPresent(owner -> {
            String namespace = object.namespace();
            ownersByNamespace.computeIfAbsent(namespace, k -> new ArrayList<>()).add(owner);
            owner.labels().forEach((k, v) -> ownersByLabel.computeIfAbsent(labelKey(namespace, k, v), x -> new ArrayList<>()).add(owner));
            byName.put(key(namespace, object.kind(), object.name()), object);
        });
    }

    private void addBudget(KubeObject budget) {
        String namespace = budget.namespace();
        JsonNode matchLabels = budget.root().path("spec").path("selector").path("matchLabels");
        if (matchLabels.isObject() && !matchLabels.isEmpty()) {
            // One pair is enough to find it: every budget that matches a pod has all its pairs among the pod's labels.
            Map.Entry<String, JsonNode> first = matchLabels.properties().iterator().next();
            budgetsByLabel.computeIfAbsent(labelKey(namespace, first.getKey(), first.getValue().asText()), k -> new ArrayList<>()).add(budget);
        } else {
            budgetsWithoutLabels.computeIfAbsent(namespace, k -> new ArrayList<>()).add(budget);
        }
    }

    private static Map<String, String> labels(JsonNode metadata) {
        JsonNode labels = metadata.path("labels");
        if (!labels.isObject()) {
            return Map.of();
        }
        Map<String, String> map = new HashMap<>();
        labels.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static String key(String namespace, String kind, String name) {
        return namespace + '\u0000' + kind + '\u0000' + name;
    }

    private static String labelKey(String namespace, String label, String value) {
        return namespace + '\u0000' + label + '\u0000' + value;
    }
}
