package dev.palisade.netpol;

import dev.palisade.engine.Inventory;
import dev.palisade.source.KubeObject;
import dev.palisade.source.ObjectRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a policy change (create, update or delete of any {@link ModelPolicy}: a Kubernetes NetworkPolicy, an
 * AdminNetworkPolicy or BaselineAdminNetworkPolicy, a Calico policy) opens and closes: the connectivity of the pods it
 * selects, before and after, from the same {@link PolicyModel} the linter and the matrix use, so in its evaluation order. Only pods the old or the new
 * policy selects can change (as destinations for Ingress, as sources for Egress); each is probed against every pod of
 * the cluster on its declared container ports plus the numeric ports the policy names.
 *
 * <p>Cost: the "before" model is the cluster inventory's own view (built once per cache change); the "after" model is
 * built once for the change, O(cluster). Probing is O(A × W × p) for A affected pods, W pods and p ports, and bounded:
 * at most {@code maxPods} pods are probed against and at most {@code maxTime} is spent; a bounded result says so.
 */
public final class PolicyChangeImpact {

    /** Bounds of one computation: pods probed against, time spent, and how many examples to name. */
    public record Limits(int maxPods, Duration maxTime, int examples) {}

    /**
     * The outcome. Counts are of (source pod, destination pod, port) triples whose verdict changed.
     *
     * @param openToEveryone the new policy lets every namespace or every address reach pods it selects ("" when not):
     *                       what it opens, for the configurable denial
     * @param partial        "" when complete, else why the result is partial
     */
    public record Result(int newlyAllowed, int newlyDenied, Set<String> ports, List<String> allowedExamples,
                         List<String> deniedExamples, List<String> leftUnselected, String openToEveryone, String partial) {

        public boolean unchanged() {
            return newlyAllowed == 0 && newlyDenied == 0 && leftUnselected.isEmpty();
        }

        /**
         * Warnings a person can act on, most telling first; none when nothing changed, unless the result is partial:
         * "no change found" in part of the cluster must not read as "no change".
         */
        public List<String> warnings(String subject) {
            List<String> out = new ArrayList<>();
            if (unchanged() && !partial.isEmpty()) {
                out.add("palisade: " + subject + ": no pod connection found newly allowed or denied (partial: " + partial + ")");
            } else if (!unchanged()) {
                out.add("palisade: " + subject + " newly allows " + newlyAllowed + " and newly denies " + newlyDenied
                        + " pod connections on " + (ports.isEmpty() ? "no declared port" : String.join(", ", ports))
                        + (partial.isEmpty() ? "" : " (partial: " + partial + ")"));
            }
            allowedExamples.forEach(e -> out.add("palisade: allows " + e + " (was denied)"));
            deniedExamples.forEach(e -> out.add("palisade: denies " + e + " (was allowed)"));
            leftUnselected.forEach(p -> out.add("palisade: leaves " + p + " selected by no ingress policy: every pod and address may connect"));
            return out;
        }
    }

    private enum State { ALLOWED, DENIED, DEPENDS }

    private PolicyChangeImpact() {}

    /**
     * @param before    the cluster as it is
     * @param after     the cluster as it would be after the change
     * @param oldPolicy the policy before the change (null on create)
     * @param newPolicy the policy after the change (null on delete)
     */
    public static Result of(Inventory before, Inventory after, KubeObject oldPolicy, KubeObject newPolicy, Limits limits) {
        long deadline = System.nanoTime() + limits.maxTime().toNanos();
        PolicyModel beforeModel = LintModels.of(before);
        PolicyModel afterModel = LintModels.of(after);
        ModelPolicy oldP = find(beforeModel, oldPolicy);
        ModelPolicy newP = find(afterModel, newPolicy);
        Set<String> affected = new TreeSet<>();
        if (oldP != null) {
            beforeModel.selectedPods(oldP).forEach(p -> affected.add(p.key()));
        }
        if (newP != null) {
            afterModel.selectedPods(newP).forEach(p -> affected.add(p.key()));
        }
        Set<Direction> directions = new LinkedHashSet<>();
        for (ModelPolicy p : new ModelPolicy[] {oldP, newP}) {
            if (p != null) {
                directions.addAll(p.types());
            }
        }
        List<PodEndpoint> pods = afterModel.pods();
        String partial = "";
        if (pods.size() > limits.maxPods()) {
            partial = "probed against the first " + limits.maxPods() + " of " + pods.size() + " pods";
            pods = pods.subList(0, limits.maxPods());
        }
        Map<String, Integer> podsPerNamespace = new HashMap<>();
        afterModel.pods().forEach(p -> podsPerNamespace.merge(p.namespace(), 1, Integer::sum));

        Probe probe = new Probe(beforeModel, afterModel, oldP, newP, podsPerNamespace);
        outer:
        for (String key : affected) {
            PodEndpoint target = afterModel.pod(key).orElse(beforeModel.pod(key).orElse(null));
            if (target == null) {
                continue;
            }
            for (Direction direction : directions) {
                for (PodEndpoint other : pods) {
                    if (other.key().equals(key)) {
                        continue;
                    }
                    PodEndpoint from = direction == Direction.INGRESS ? other : target;
                    PodEndpoint to = direction == Direction.INGRESS ? target : other;
                    for (ContainerPort port : probe.ports(to, direction)) {
                        probe.compare(from, to, port);
                    }
                    if (System.nanoTime() > deadline) {
                        partial = "stopped after " + limits.maxTime().toMillis() + " ms";
                        break outer;
                    }
                }
            }
        }
        List<String> leftUnselected = new ArrayList<>();
        for (String key : affected) {
            PodEndpoint was = beforeModel.pod(key).orElse(null);
            PodEndpoint now = afterModel.pod(key).orElse(null);
            if (was != null && now != null && beforeModel.isolated(was, Direction.INGRESS) && !afterModel.isolated(now, Direction.INGRESS)) {
                leftUnselected.add(key);
            }
        }
        return new Result(probe.allowedCount, probe.deniedCount, probe.ports, probe.examples(probe.allowedBySourceNamespace, limits.examples()),
                probe.examples(probe.deniedBySourceNamespace, limits.examples()), cap(leftUnselected, limits.examples()),
                openToEveryone(afterModel, newP, probe.allowedCount), partial);
    }

    /** What the new policy opens to every namespace or every address, when it newly allows anything; else "". */
    private static String openToEveryone(PolicyModel model, ModelPolicy policy, int newlyAllowed) {
        if (policy == null || newlyAllowed == 0 || !policy.types().contains(Direction.INGRESS) || model.selectedPods(policy).isEmpty()) {
            return "";
        }
        for (PolicyRule rule : policy.rules(Direction.INGRESS)) {
            if (rule.action() != RuleAction.ALLOW) {
                continue;
            }
            if (OpenPeers.everyPeer(rule)) {
                return "every address (" + rule.path() + ")";
            }
            if (rule.peers().stream().anyMatch(OpenPeers::everyNamespace)) {
                return "every namespace (" + rule.path() + ")";
            }
        }
        return "";
    }

    private static ModelPolicy find(PolicyModel model, KubeObject policy) {
        if (policy == null) {
            return null;
        }
        ObjectRef ref = policy.ref();
        String namespace = policy.namespace();
        for (ModelPolicy candidate : model.policies()) {
            ObjectRef other = candidate.ref();
            if (other.kind().equals(ref.kind()) && group(other.apiVersion()).equals(group(ref.apiVersion()))
                    && other.name().equals(ref.name()) && other.namespace().equals(namespace)) {
                return candidate;
            }
        }
        return null;
    }

    /** The API group of an apiVersion: Kubernetes' and Calico's NetworkPolicy share a kind and may share a name. */
    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static List<String> cap(List<String> items, int limit) {
        return items.size() <= limit ? items : items.subList(0, limit);
    }

    /** Compares verdicts and groups changes by source namespace, destination and port ("team-b/* -> payments/db:5432/TCP"). */
    private static final class Probe {
        private final PolicyModel before;
        private final PolicyModel after;
        private final List<ContainerPort> ingressPolicyPorts = new ArrayList<>();
        private final List<ContainerPort> egressPolicyPorts = new ArrayList<>();
        private final Map<String, Integer> podsPerNamespace;
        /** Per (source namespace, destination, port): the source pods whose verdict changed. */
        final Map<String, Set<String>> allowedBySourceNamespace = new LinkedHashMap<>();
        final Map<String, Set<String>> deniedBySourceNamespace = new LinkedHashMap<>();
        final Set<String> ports = new TreeSet<>();
        int allowedCount;
        int deniedCount;

        Probe(PolicyModel before, PolicyModel after, ModelPolicy oldP, ModelPolicy newP, Map<String, Integer> podsPerNamespace) {
            this.before = before;
            this.after = after;
            this.podsPerNamespace = podsPerNamespace;
            for (ModelPolicy p : new ModelPolicy[] {oldP, newP}) {
                if (p == null) {
                    continue;
                }
                collectPorts(p.rules(Direction.INGRESS), ingressPolicyPorts);
                collectPorts(p.rules(Direction.EGRESS), egressPolicyPorts);
            }
        }

        private static void collectPorts(List<PolicyRule> rules, List<ContainerPort> into) {
            for (PolicyRule rule : rules) {
                for (NetworkPolicyPort port : rule.ports()) {
                    if (!port.isNamed() && port.port() > 0 && port.protocol() != null) {
                        ContainerPort numeric = new ContainerPort("", port.port(), port.protocol());
                        if (!into.contains(numeric)) {
                            into.add(numeric);
                        }
                    }
                }
            }
        }

        /** The destination's declared ports plus the numeric ports the policy names in that direction. */
        List<ContainerPort> ports(PodEndpoint destination, Direction direction) {
            List<ContainerPort> out = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (ContainerPort port : destination.ports()) {
                if (seen.add(port.port() + "/" + port.protocol())) {
                    out.add(port);
                }
            }
            for (ContainerPort port : direction == Direction.INGRESS ? ingressPolicyPorts : egressPolicyPorts) {
                if (seen.add(port.port() + "/" + port.protocol())) {
                    out.add(port);
                }
            }
            return out;
        }

        void compare(PodEndpoint from, PodEndpoint to, ContainerPort port) {
            State was = state(before, from, to, port);
            State now = state(after, from, to, port);
            if (was == now) {
                return;
            }
            String portText = port.port() + "/" + port.protocol();
            ports.add(portText);
            String group = "-> " + to.key() + ":" + portText;
            if (now == State.ALLOWED) {
                allowedCount++;
                record(allowedBySourceNamespace, from, group);
            } else if (was == State.ALLOWED) {
                deniedCount++;
                record(deniedBySourceNamespace, from, group);
            }
        }

        private static void record(Map<String, Set<String>> bySource, PodEndpoint from, String group) {
            bySource.computeIfAbsent(from.namespace() + " " + group, k -> new TreeSet<>()).add(from.name());
        }

        /** The first groups, each naming its sources: the whole namespace ({@code team-b/*}) when every pod of it is in. */
        List<String> examples(Map<String, Set<String>> bySource, int limit) {
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, Set<String>> group : bySource.entrySet()) {
                if (out.size() == limit) {
                    break;
                }
                String namespace = group.getKey().substring(0, group.getKey().indexOf(' '));
                String rest = group.getKey().substring(namespace.length() + 1);
                Set<String> sources = group.getValue();
                String who = sources.size() == podsPerNamespace.getOrDefault(namespace, -1) && sources.size() > 1 ? namespace + "/*"
                        : sources.size() == 1 ? namespace + "/" + sources.iterator().next()
                        : namespace + "/{" + String.join(",", sources.stream().limit(3).toList()) + (sources.size() > 3 ? ",...}" : "}");
                out.add(who + " " + rest);
            }
            return out;
        }

        private static State state(PolicyModel model, PodEndpoint from, PodEndpoint to, ContainerPort port) {
            PodEndpoint source = model.pod(from.key()).orElse(from);
            PodEndpoint destination = model.pod(to.key()).orElse(to);
            Verdict verdict = model.evaluate(source, destination, port.port(), port.protocol());
            return verdict.allowed() ? State.ALLOWED : verdict.depends() ? State.DEPENDS : State.DENIED;
        }
    }
}
