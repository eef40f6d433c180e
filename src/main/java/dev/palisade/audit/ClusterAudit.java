package dev.palisade.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.Check;
import dev.palisade.engine.Engine;
import dev.palisade.engine.Inventory;
import dev.palisade.engine.Severity;
import dev.palisade.report.LintRun;
import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The linter's evaluation over a cluster {@link ClusterLister.Listing}: the same engine, catalogue and {@link LintRun}
 * as {@code palisade lint}, so every report format and exit code carries over, with {@code cluster:} locations.
 *
 * <p>Judged: every listed object (in the namespace asked for and that Namespace itself, when one is), except objects a controller owns (the
 * ReplicaSets of a Deployment, the Pods of a ReplicaSet or Job, the Jobs of a CronJob): their owner is judged on the
 * same pod template, and judging both would report each finding two or three times. They stay in the inventory, so
 * the NetworkPolicy model sees every Pod. The inventory "holds every" object of each listed kind: the cluster is the
 * whole world of an audit, as the input is of a lint run.
 *
 * <p>Cost: one engine run, linear in the objects as in lint (views built once per run).
 */
public final class ClusterAudit {
    static final Set<String> CONTROLLERS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob",
            "ReplicationController");

    private final List<Check> checks;
    private final Severity failOn;

    public ClusterAudit(List<Check> checks, Severity failOn) {
        this.checks = List.copyOf(checks);
        this.failOn = failOn;
    }

    public List<Check> checks() {
        return checks;
    }

    /** @param namespace judge only this namespace's objects (and none cluster-scoped), or null for all */
    public LintRun run(ClusterLister.Listing listing, String namespace) {
        List<KubeObject> all = listing.all();
        List<KubeObject> judged = judged(listing, namespace);
        Engine.Evaluation evaluation = new Engine(checks).evaluate(judged, inventory(listing.byKind(), all));
        return new LintRun(evaluation.reported(), evaluation.exempted(), List.of(), evaluation.failures(), judged.size(),
                checks, failOn);
    }

    /** The objects a run judges: in the namespace (when one is named), not owned by a controller. */
    public List<KubeObject> judged(ClusterLister.Listing listing, String namespace) {
        List<KubeObject> judged = new ArrayList<>();
        for (KubeObject object : listing.all()) {
            boolean inScope = namespace == null || namespace.equals(object.namespace())
                    || (object.kind().equals("Namespace") && object.name().equals(namespace));
            if (inScope && !ownedByController(object)) {
                judged.add(object);
            }
        }
        return judged;
    }

    static boolean ownedByController(KubeObject object) {
        for (JsonNode owner : object.root().path("metadata").path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false) && CONTROLLERS.contains(owner.path("kind").asText())) {
                return true;
            }
        }
        return false;
    }

    private static Inventory inventory(Map<String, List<KubeObject>> byKind, List<KubeObject> all) {
        List<KubeObject> objects = List.copyOf(all);
        return new Inventory() {
            @Override
            public List<KubeObject> objects() {
                return objects;
            }

            @Override
            public List<KubeObject> ofKind(String kind) {
                return byKind.getOrDefault(kind, List.of());
            }

            @Override
            public boolean holdsEvery(String kind) {
                return byKind.containsKey(kind);
            }
        };
    }
}
