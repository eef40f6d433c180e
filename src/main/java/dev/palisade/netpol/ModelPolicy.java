package dev.palisade.netpol;

import dev.palisade.source.ObjectRef;
import java.util.List;
import java.util.Set;

/** A parsed policy of either dialect, as the model orders and applies it. */
public sealed interface ModelPolicy permits KubernetesNetworkPolicy, CalicoPolicy, AdminNetworkPolicy {

    ObjectRef ref();

    String file();

    int line();

    /** The Calico tier; Kubernetes policies are in {@code default}, (Baseline)AdminNetworkPolicies in kube-admin (kube-baseline). */
    String tier();

    /** Calico's order (lower first; no order sorts last); Kubernetes policies are 1000. */
    double order();

    /** The name policies of equal order are sorted by (Calico's tie-break). */
    String sortName();

    /** Whether this policy applies to the pod (its selector and namespace), regardless of direction. */
    boolean selects(PodContext pod);

    /** The directions it isolates. */
    Set<Direction> types();

    /** Its rules for a direction, in order (empty when {@link #types()} lacks the direction). */
    List<PolicyRule> rules(Direction direction);

    /** For reasons and findings: {@code NetworkPolicy x/allow-a}, {@code GlobalNetworkPolicy deny-all}. */
    default String describe() {
        ObjectRef ref = ref();
        String kind = ref.apiVersion().contains("projectcalico.org") ? "Calico " + ref.kind() : ref.kind();
        return kind + " " + (ref.namespace().isEmpty() ? ref.name() : ref.namespace() + "/" + ref.name());
    }
}
