package dev.palisade.enforcer;

import dev.palisade.netpol.Endpoint;
import dev.palisade.netpol.PolicyModel;
import dev.palisade.netpol.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Cuts the established connections that a newly applied ruleset denies. The chains accept every packet of a
 * connection conntrack already knows ({@code ctstate ESTABLISHED}), so without this a connection opened before a
 * deny policy lives on until it ends. After each apply:
 *
 * <ol>
 * <li>The local pods whose egress or ingress chain changed name since the last cut: chains and the sets they name
 *     are named by their content, so a pod whose two names are the same is decided exactly as before and none of
 *     its flows can be newly denied. Pods that came or went count as changed; the first apply counts every pod
 *     (the kernel may hold flows from before the agent started).</li>
 * <li>None changed: nothing runs. Otherwise one {@code conntrack -L -f ipv4}, and each entry whose original
 *     source or reply source (the real destination behind a DNAT) is a changed pod is decided by the model
 *     ({@link PolicyModel#evaluate}, the verdicts the chains are compiled from) for its first packet: original
 *     source to reply source, on the reply's source port. Entries between a pod and its own node (the bridge
 *     address, the InternalIP) are left alone: those packets never cross FORWARD.</li>
 * <li>The denied entries are deleted by their original tuple in one {@code conntrack -R -}.</li>
 * </ol>
 * After the drift guard restored rules that someone else had changed, {@link #cutAll} decides every local pod's
 * entries again: connections opened while the rules were open are cut too.
 *
 * <p>Deleting an entry alone does not stop the flow: conntrack picks a mid-stream TCP packet up as a new
 * connection, in whichever direction it travels, so the server's next ACK would pass as the server connecting to
 * the client. The compiler therefore denies TCP packets without SYN that start a connection (same setting).
 *
 * <p>Cost per apply that changed C local pods' chains: O(local pods) to compare the names; when C &gt; 0, one dump of
 * the IPv4 conntrack table (O(T) entries, parsed once), a hash lookup per entry and one model verdict per entry that
 * touches a changed pod; one process for the deletes (conntrack 1.4.7 walks the table once per deleted tuple in the
 * kernel: O(D × T) kernel work for D deletions). Not per pod pair. Entries of protocols other than TCP, UDP, SCTP
 * and ICMP, and of non-default conntrack zones, are left to time out.
 */
final class EstablishedFlows {
    /** One conntrack entry: its original tuple, and the reply's source address and port (the real destination). */
    record Entry(String protocol, String source, String destination, int sourcePort, int destinationPort,
                 String replySource, int replySourcePort, int icmpType, int icmpCode, int icmpId) {

        /** The model's protocol, or null for one it does not decide. */
        Protocol modelProtocol() {
            return switch (protocol) {
                case "tcp" -> Protocol.TCP;
                case "udp" -> Protocol.UDP;
                case "sctp" -> Protocol.SCTP;
                case "icmp" -> Protocol.ICMP;
                default -> null;
            };
        }

        /** The destination port of the first packet (after DNAT), or {@code type * 256 + code} for ICMP. */
        int port() {
            return protocol.equals("icmp") ? Protocol.icmp(icmpType, icmpCode) : replySourcePort;
        }

        /** The {@code conntrack -R} line that deletes exactly this entry. */
        String deleteLine() {
            String common = "-D -p " + protocol + " -s " + source + " -d " + destination;
            return protocol.equals("icmp")
                    ? common + " --icmp-type " + icmpType + " --icmp-code " + icmpCode + " --icmp-id " + icmpId
                    : common + " --sport " + sourcePort + " --dport " + destinationPort;
        }
    }

    private FirewallRuleset lastCut; // the ruleset of the last cut that succeeded; null before the first

    /**
     * Deletes the entries {@code applied} newly denies, and returns how many. Throws {@link EnforcerException} when
     * a tool fails; the pods are then compared with the same earlier ruleset at the next call, so nothing is missed.
     */
    synchronized int cut(PolicyModel model, ClusterNode self, FirewallRuleset applied) {
        return cut(model, self, applied, changedPods(lastCut, applied));
    }

    /**
     * Decides every local pod's entries again, whatever changed: after the drift guard restored rules that someone
     * else had opened, the connections made meanwhile are cut.
     */
    synchronized int cutAll(PolicyModel model, ClusterNode self, FirewallRuleset applied) {
        try {
            return cut(model, self, applied, changedPods(null, applied));
        } catch (EnforcerException e) {
            lastCut = null; // the next cut looks at every pod again
            throw e;
        }
    }

    private int cut(PolicyModel model, ClusterNode self, FirewallRuleset applied, Set<String> changed) {
        if (changed.isEmpty()) {
            lastCut = applied;
            return 0;
        }
        List<Entry> denied = denied(parse(SystemTool.run(List.of("conntrack", "-L", "-f", "ipv4"), "")), changed, model, self);
        if (!denied.isEmpty()) {
            StringBuilder lines = new StringBuilder();
            denied.forEach(entry -> lines.append(entry.deleteLine()).append('\n'));
            SystemTool.run(List.of("conntrack", "-R", "-"), lines.toString());
        }
        lastCut = applied;
        return denied.size();
    }

    /** Local pod addresses whose chains differ between two rulesets (every pod of {@code after} when there is none before). */
    static Set<String> changedPods(FirewallRuleset before, FirewallRuleset after) {
        Map<String, String> old = before == null ? Map.of() : before.podChains();
        Set<String> changed = new HashSet<>();
        after.podChains().forEach((address, chains) -> {
            if (!chains.equals(old.get(address))) {
                changed.add(address);
            }
        });
        old.keySet().forEach(address -> {
            if (!after.podChains().containsKey(address)) {
                changed.add(address);
            }
        });
        return changed;
    }

    /** The entries touching a changed pod whose first packet the model denies. */
    static List<Entry> denied(List<Entry> entries, Set<String> changed, PolicyModel model, ClusterNode self) {
        List<Entry> denied = new ArrayList<>();
        for (Entry entry : entries) {
            boolean fromChanged = changed.contains(entry.source());
            boolean toChanged = changed.contains(entry.replySource());
            Protocol protocol = entry.modelProtocol();
            if ((!fromChanged && !toChanged) || protocol == null) {
                continue;
            }
            if (ownNode(entry.source(), model, self) || ownNode(entry.replySource(), model, self)) {
                continue;
            }
            if (model.evaluate(Endpoint.of(entry.source()), Endpoint.of(entry.replySource()), entry.port(), protocol).denied()) {
                denied.add(entry);
            }
        }
        return denied;
    }

    /** An address of this node: its InternalIP, or an address of its pod CIDR that no pod has (the bridge's). */
    private static boolean ownNode(String address, PolicyModel model, ClusterNode self) {
        if (address.equals(self.internalIp().host())) {
            return true;
        }
        try {
            return self.podCidr().contains(Ipv4.parse(address, "conntrack address")) && model.podByIp(address).isEmpty();
        } catch (EnforcerException e) {
            return false;
        }
    }

    /**
     * The entries of {@code conntrack -L} output, one per line ({@code tcp 6 431999 ESTABLISHED src=A dst=B sport=P
     * dport=Q src=B dst=A sport=Q dport=P [ASSURED] mark=0 use=1}); lines that are not IPv4 entries are skipped.
     */
    static List<Entry> parse(String listing) {
        List<Entry> entries = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length < 3) {
                continue;
            }
            String[] source = new String[2];
            String[] destination = new String[2];
            int[] sport = {-1, -1};
            int[] dport = {-1, -1};
            int[] type = {-1, -1};
            int[] code = {-1, -1};
            int[] id = {-1, -1};
            int tuple = -1;
            boolean zoned = false;
            try {
                for (String word : words) {
                    int equals = word.indexOf('=');
                    if (equals < 0) {
                        continue;
                    }
                    String key = word.substring(0, equals);
                    String value = word.substring(equals + 1);
                    if (key.equals("src")) {
                        tuple++;
                    }
                    if (tuple < 0 || tuple > 1) {
                        continue;
                    }
                    switch (key) {
                        case "src" -> source[tuple] = value;
                        case "dst" -> destination[tuple] = value;
                        case "sport" -> sport[tuple] = Integer.parseInt(value);
                        case "dport" -> dport[tuple] = Integer.parseInt(value);
                        case "type" -> type[tuple] = Integer.parseInt(value);
                        case "code" -> code[tuple] = Integer.parseInt(value);
                        case "id" -> id[tuple] = Integer.parseInt(value);
                        case "zone", "orig-zone", "reply-zone" -> zoned = true;
                        default -> { }
                    }
                }
            } catch (NumberFormatException e) {
                continue;
            }
            if (tuple != 1 || zoned || Objects.isNull(source[0]) || Objects.isNull(destination[0])
                    || Objects.isNull(source[1]) || source[0].indexOf(':') >= 0) {
                continue;
            }
            String protocol = words[0];
            boolean icmp = protocol.equals("icmp");
            if (icmp ? type[0] < 0 || code[0] < 0 || id[0] < 0 : sport[0] < 0 || dport[0] < 0 || sport[1] < 0) {
                continue;
            }
            entries.add(new Entry(protocol, source[0], destination[0], sport[0], dport[0], source[1], sport[1],
                    type[0], code[0], id[0]));
        }
        return entries;
    }
}
