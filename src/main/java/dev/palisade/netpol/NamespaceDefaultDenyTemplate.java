package dev.palisade.netpol;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.KubeObject;
import dev.palisade.workload.PodSpecAccessor;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A namespace without a default-deny policy: none that selects every pod of the namespace and isolates the
 * direction. Kubernetes' documented default deny is {@code podSelector: {}} with {@code policyTypes: [Ingress]}
 * (and Egress); a Calico policy with {@code selector: all()} (or a GlobalNetworkPolicy selecting every pod of the
 * namespace) counts too. Reported on the Namespace object, or, when the input has none, on the first workload of
 * that namespace.
 */
final class NamespaceDefaultDenyTemplate implements CheckTemplate {
    private static final ObjectKinds NAMESPACE_AND_WORKLOADS = ObjectKinds.of(
            Stream.concat(Stream.of("Namespace"), PodSpecAccessor.WORKLOAD_KINDS.stream()).toList());

    @Override
    public String name() {
        return "netpol-namespace-default-deny";
    }

    @Override
    public String description() {
        return "namespaces without a policy that isolates every pod (params: directions [Ingress, Egress], exemptNamespaces)";
    }

    @Override
    public ObjectKinds kinds(TemplateParams params) {
        return NAMESPACE_AND_WORKLOADS;
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        Set<Direction> directions = EnumSet.noneOf(Direction.class);
        for (String direction : params.strings("directions", List.of("Ingress"))) {
            switch (direction) {
                case "Ingress" -> directions.add(Direction.INGRESS);
                case "Egress" -> directions.add(Direction.EGRESS);
                default -> throw new dev.palisade.engine.CatalogueException("check " + params.check()
                        + ": directions must list Ingress and/or Egress, not \"" + direction + "\"");
            }
        }
        List<String> exempt = params.strings("exemptNamespaces", List.of());
        params.rejectUnknown();
        return (object, inventory, out) -> {
            String namespace;
            if (object.kind().equals("Namespace") && object.group().isEmpty()) {
                namespace = object.name();
            } else if (LintModels.isPolicedWorkload(object) && firstWorkloadOfUndeclaredNamespace(object, inventory)) {
                namespace = LintModels.namespaceOf(object);
            } else {
                return;
            }
            if (exempt.contains(namespace)) {
                return;
            }
            PolicyModel model = LintModels.of(inventory);
            // A pod no policy could single out: it has no labels, so only select-everything policies pick it.
            PodEndpoint anyPod = new PodEndpoint(namespace, "", java.util.Map.of(), null, null, List.of());
            for (Direction direction : directions) {
                boolean covered = model.selectingPolicies(anyPod, direction).stream().anyMatch(NamespaceDefaultDenyTemplate::selectsAll);
                if (!covered) {
                    out.add(object.kind().equals("Namespace") ? "metadata.name" : "metadata.namespace",
                            "namespace " + namespace + " has no default-deny " + direction.lower()
                                    + " policy (podSelector: {} with policyTypes [" + direction.apiName()
                                    + "]): pods that no other policy selects accept every " + direction.lower() + " connection");
                }
            }
        };
    }

    private static boolean selectsAll(ModelPolicy policy) {
        return switch (policy) {
            case KubernetesNetworkPolicy k -> k.podSelector().matchesEverything();
            // The namespace (and a global policy's namespaceSelector) already matched in selectingPolicies.
            case CalicoPolicy c -> c.selector() == null || c.selector().matchesEverything();
            // Admin policies pass what they do not decide: they never isolate (see PolicyModel.isolated).
            case AdminNetworkPolicy a -> false;
        };
    }

    private static boolean firstWorkloadOfUndeclaredNamespace(KubeObject object, dev.palisade.engine.Inventory inventory) {
        LintModels.Context context = LintModels.context(inventory);
        String namespace = LintModels.namespaceOf(object);
        return !context.declaredNamespaces().contains(namespace) && context.firstWorkloads().get(namespace) == object;
    }
}
