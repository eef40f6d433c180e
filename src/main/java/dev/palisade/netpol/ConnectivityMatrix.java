package dev.palisade.netpol;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The verdict for every ordered pair of pods of a model on each probe port. Self-pairs are included: a Pod
 * reaching itself is always allowed (it never leaves its network namespace), a workload's self-pair stands for
 * one replica reaching another and is evaluated. Rows are sources, columns destinations, in the snapshot's pod
 * order.
 */
public record ConnectivityMatrix(List<PodEndpoint> pods, List<ProbePort> ports, List<Cell> cells) {

    public record Cell(PodEndpoint from, PodEndpoint to, ProbePort port, Verdict verdict) {}

    public ConnectivityMatrix {
        pods = List.copyOf(pods);
        ports = List.copyOf(ports);
        cells = List.copyOf(cells);
    }

    public static ConnectivityMatrix compute(PolicyModel model, List<ProbePort> ports) {
        List<PodEndpoint> pods = model.pods();
        List<Cell> cells = new ArrayList<>(pods.size() * pods.size() * ports.size());
        for (ProbePort port : ports) {
            for (PodEndpoint from : pods) {
                for (PodEndpoint to : pods) {
                    cells.add(new Cell(from, to, port, model.evaluate(from, to, port.port(), port.protocol())));
                }
            }
        }
        return new ConnectivityMatrix(pods, ports, cells);
    }

    /** The ports the pods declare, or 80/TCP when none declares any: the default probe ports. */
    public static List<ProbePort> declaredPorts(PolicyModel model) {
        TreeSet<ProbePort> ports = new TreeSet<>();
        for (PodEndpoint pod : model.pods()) {
            pod.ports().forEach(p -> ports.add(new ProbePort(p.port(), p.protocol())));
        }
        return ports.isEmpty() ? List.of(new ProbePort(80, Protocol.TCP)) : List.copyOf(ports);
    }

    /** The cell of a pair on a port (cells are stored port by port, row by row). */
    public Cell cell(int fromIndex, int toIndex, int portIndex) {
        return cells.get(portIndex * pods.size() * pods.size() + fromIndex * pods.size() + toIndex);
    }
}
