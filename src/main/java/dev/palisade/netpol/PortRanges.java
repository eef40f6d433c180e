package dev.palisade.netpol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Port arithmetic for Calico's negations: the numbers of some ranges without those of others. O(n log n). */
final class PortRanges {
    private PortRanges() {}

    /**
     * The numeric ranges of {@code ports} (every port from {@code lowest} when one is "all ports") minus those of
     * {@code excluded}, merged, as ranges of {@code ports}' protocol. None of them may be named.
     */
    static List<NetworkPolicyPort> minus(List<NetworkPolicyPort> ports, List<NetworkPolicyPort> excluded, int lowest) {
        Protocol protocol = ports.getFirst().protocol();
        List<int[]> left = merge(ports.stream().map(p -> p.isAllPorts() ? new int[] {lowest, 65535}
                : new int[] {p.port(), Math.max(p.port(), p.endPort())}).toList());
        for (int[] hole : merge(excluded.stream().map(p -> new int[] {p.port(), Math.max(p.port(), p.endPort())}).toList())) {
            List<int[]> next = new ArrayList<>();
            for (int[] range : left) {
                if (hole[1] < range[0] || hole[0] > range[1]) {
                    next.add(range);
                    continue;
                }
                if (hole[0] > range[0]) {
                    next.add(new int[] {range[0], hole[0] - 1});
                }
                if (hole[1] < range[1]) {
                    next.add(new int[] {hole[1] + 1, range[1]});
                }
            }
            left = next;
        }
        return left.stream().map(r -> NetworkPolicyPort.range(protocol, r[0], r[1])).toList();
    }

    private static List<int[]> merge(List<int[]> ranges) {
        List<int[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(r -> r[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] range : sorted) {
            int[] last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && range[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.add(new int[] {range[0], range[1]});
            }
        }
        return merged;
    }
}
