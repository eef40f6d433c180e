package dev.palisade.netpol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Calico NetworkSet (namespaced) or GlobalNetworkSet: labelled CIDRs. A rule's {@code selector} that matches a
 * network set's labels matches traffic from or to its nets, and a {@code notSelector} that matches it excludes
 * them ("Selectors can match workload endpoints, host endpoint and (global) network sets"). A namespaced set is
 * seen by selectors as being in its namespace ({@code projectcalico.org/namespace}, the namespace's labels for a
 * namespaceSelector); a global set is in none, so only a GlobalNetworkPolicy's selector without namespaceSelector,
 * or a {@code namespaceSelector: global()}, reaches it.
 *
 * @param namespace "" for a GlobalNetworkSet
 */
public record CalicoNetworkSet(String namespace, String name, Map<String, String> labels, List<IpBlock> nets) {

    public CalicoNetworkSet {
        nets = List.copyOf(nets);
        Map<String, String> all = new LinkedHashMap<>(labels);
        if (!namespace.isEmpty()) {
            all.put("projectcalico.org/namespace", namespace);
        }
        labels = Map.copyOf(all);
    }

    public boolean global() {
        return namespace.isEmpty();
    }

    /** NetworkSet or GlobalNetworkSet of {@code projectcalico.org} (or its {@code crd.projectcalico.org} storage form). */
    public static boolean isOne(KubeObject object) {
        return (object.group().equals("projectcalico.org") || object.group().equals("crd.projectcalico.org"))
                && (object.kind().equals("NetworkSet") || object.kind().equals("GlobalNetworkSet"));
    }

    /** Reads a set; a CIDR that does not parse is left out and reported. */
    static CalicoNetworkSet parse(KubeObject object, List<PolicyError> errors) {
        boolean global = object.kind().equals("GlobalNetworkSet");
        String namespace = global ? "" : (object.namespace().isEmpty() ? "default" : object.namespace());
        PolicyReader reader = new PolicyReader(object);
        JsonNode list = reader.list(object.root().path("spec").path("nets"), "spec.nets");
        List<IpBlock> nets = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String text = list.get(i).asText();
            IpBlock block = reader.ipBlock(text.contains("/") ? text : text + (text.contains(":") ? "/128" : "/32"), List.of(),
                    "spec.nets[" + i + "]");
            if (block != null) {
                nets.add(block);
            }
        }
        errors.addAll(reader.errors);
        return new CalicoNetworkSet(namespace, object.name(), object.labels(), nets);
    }
}
