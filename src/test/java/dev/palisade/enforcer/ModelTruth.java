package dev.palisade.enforcer;

import dev.palisade.netpol.PodEndpoint;
import dev.palisade.netpol.PolicyModel;
import dev.palisade.source.ManifestLoader;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares probe results with the truth table of the NetworkPolicy model ({@code PolicyModel.evaluate}) for the very
 * state file the enforcers applied: the enforcer is right when the packets agree with the model everywhere.
 */
final class ModelTruth {
    private ModelTruth() {
    }

    static PolicyModel model(Path state) {
        ManifestLoader.Result loaded = new ManifestLoader().load(List.of(state.toString()), InputStream.nullInputStream(), path -> false);
        if (!loaded.errors().isEmpty()) {
            throw new AssertionError("state does not parse: " + loaded.errors());
        }
        ClusterState clusterState = ClusterState.of(loaded.objects());
        if (!clusterState.errors().isEmpty()) {
            throw new AssertionError("policies do not parse: " + clusterState.errors());
        }
        return clusterState.model();
    }

    /** The probes whose result differs from the model, each with the model's reason; empty when all agree. */
    static List<String> mismatches(Path state, Map<Prober.Probe, Boolean> results) {
        PolicyModel model = model(state);
        List<String> wrong = new ArrayList<>();
        results.forEach((probe, connected) -> {
            PodEndpoint from = model.pod(probe.from().key()).orElseThrow();
            PodEndpoint to = model.pod(probe.to().key()).orElseThrow();
            var verdict = model.evaluate(from, to, probe.port(), probe.protocol());
            if (verdict.allowed() != connected) {
                wrong.add(probe + ": packets " + (connected ? "connected" : "blocked") + ", model says "
                        + (verdict.allowed() ? "allowed" : "denied") + " (" + verdict.reason() + ")");
            }
        });
        return wrong;
    }

    /** A readable count: how many probes the model allows, so a test cannot pass on an all-blocked or all-open matrix by accident. */
    static long allowedCount(Path state, List<Prober.Probe> probes) {
        PolicyModel model = model(state);
        return probes.stream().filter(p -> model.evaluate(model.pod(p.from().key()).orElseThrow(),
                model.pod(p.to().key()).orElseThrow(), p.port(), p.protocol()).allowed()).count();
    }
}
