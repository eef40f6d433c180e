package dev.palisade.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.KubeObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code rbac:} section of the configuration, shared by every RBAC check:
 * <pre>
 * rbac:
 *   reportBuiltIn: false        # the default: roles and bindings Kubernetes ships are not judged
 *   allow:
 *     - kind: ClusterRole       # ClusterRole, Role, ClusterRoleBinding, RoleBinding, ServiceAccount, User or Group
 *       name: keda-operator
 *       reason: scales every workload by design (ticket SEC-42)
 *       expires: 2027-03-31     # optional; from the day after, the entry no longer applies
 * </pre>
 * An allow-listed role, binding or subject turns its findings into exempted ones (counted, never lost). A role is
 * exempt also when every subject of every binding to it is allow-listed.
 */
record RbacSettings(boolean reportBuiltIn, List<AllowEntry> allow, LocalDate today) {
    static final String BOOTSTRAP_LABEL = "kubernetes.io/bootstrapping";
    private static final Set<String> KINDS = Set.of("ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding",
            "ServiceAccount", "User", "Group");
    private static final Set<String> NAMESPACED = Set.of("Role", "RoleBinding", "ServiceAccount");

    /** One allow-list entry; {@code expires} may be null. */
    record AllowEntry(String kind, String namespace, String name, String reason, LocalDate expires) {
        boolean matches(String kind, String namespace, String name) {
            return this.kind.equals(kind) && this.name.equals(name) && (!NAMESPACED.contains(kind) || this.namespace.equals(namespace));
        }

        String describe() {
            return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
        }
    }

    /** The verdict of the allow-list on one judged object: the exemption reason, or a note that an entry expired. */
    record Exemption(String exemptedBy, String expiredNote) {
        static final Exemption NONE = new Exemption(null, "");
    }

    static RbacSettings from(TemplateParams params) {
        JsonNode section = params.configSection("rbac");
        String where = "config " + params.configSource() + ": rbac";
        if (section.isMissingNode() || section.isNull()) {
            return new RbacSettings(false, List.of(), currentDate());
        }
        if (!section.isObject()) {
            throw new CatalogueException(where + " must be a mapping");
        }
        for (String field : (Iterable<String>) section::fieldNames) {
            if (!Set.of("reportBuiltIn", "allow").contains(field)) {
                throw new CatalogueException(where + ": unknown setting \"" + field + "\" (known: reportBuiltIn, allow)");
            }
        }
        JsonNode allowNode = section.path("allow");
        List<AllowEntry> allow = new ArrayList<>();
        for (int i = 0; i < allowNode.size(); i++) {
            allow.add(entry(allowNode.get(i), where + ".allow[" + i + "]"));
        }
        return new RbacSettings(section.path("reportBuiltIn").asBoolean(false), List.copyOf(allow), currentDate());
    }

    private static AllowEntry entry(JsonNode node, String where) {
        String kind = node.path("kind").asText("");
        String name = node.path("name").asText("");
        String namespace = node.path("namespace").asText("");
        String reason = node.path("reason").asText("").strip();
        if (!KINDS.contains(kind)) {
            throw new CatalogueException(where + ": kind must be one of " + String.join(", ", KINDS.stream().sorted().toList())
                    + " (found \"" + kind + "\")");
        }
        if (name.isEmpty()) {
            throw new CatalogueException(where + ": name is required");
        }
        if (NAMESPACED.contains(kind) && namespace.isEmpty()) {
            throw new CatalogueException(where + ": a " + kind + " entry needs its namespace");
        }
        if (reason.isEmpty()) {
            throw new CatalogueException(where + ": every allow-list entry needs a reason");
        }
        LocalDate expires = null;
        if (node.hasNonNull("expires")) {
            try {
                expires = LocalDate.parse(node.path("expires").asText());
            } catch (DateTimeParseException e) {
                throw new CatalogueException(where + ": expires must be a date like 2027-03-31 (found \""
                        + node.path("expires").asText() + "\")");
            }
        }
        return new AllowEntry(kind, namespace, name, reason, expires);
    }

    private static LocalDate currentDate() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** Roles and bindings Kubernetes ships: a {@code system:} name or the bootstrapping label. */
    static boolean builtIn(KubeObject object) {
        return object.name().startsWith("system:") || "rbac-defaults".equals(object.labels().get(BOOTSTRAP_LABEL));
    }

    /** Whether RBAC checks skip this object. */
    boolean skips(KubeObject object) {
        return !reportBuiltIn && builtIn(object);
    }

    /** What the allow-list says about a judged role or binding. */
    Exemption exemption(KubeObject object, RbacModel model) {
        if (allow.isEmpty()) {
            return Exemption.NONE;
        }
        List<String> expired = new ArrayList<>();
        AllowEntry own = find(object.kind(), object.namespace(), object.name(), expired);
        if (own != null) {
            return exempt(own, expired);
        }
        List<RoleBinding> bindings;
        if (RoleBinding.isBinding(object)) {
            RoleBinding binding = RoleBinding.of(object);
            String roleNamespace = "Role".equals(binding.roleKind()) ? object.namespace() : "";
            AllowEntry role = find(binding.roleKind(), roleNamespace, binding.roleName(), expired);
            if (role != null) {
                return exempt(role, expired);
            }
            bindings = List.of(binding);
        } else {
            bindings = model.bindingsOf(object);
        }
        List<AllowEntry> subjects = new ArrayList<>();
        boolean all = !bindings.isEmpty();
        for (RoleBinding binding : bindings) {
            for (Subject subject : binding.subjects()) {
                AllowEntry entry = find(subject.kind(), subject.namespace(), subject.name(), expired);
                if (entry == null) {
                    all = false;
                } else {
                    subjects.add(entry);
                }
            }
        }
        if (all && !subjects.isEmpty()) {
            return exempt(subjects.getFirst(), expired);
        }
        return new Exemption(null, expired.isEmpty() ? "" : " (" + String.join("; ", expired) + ")");
    }

    private AllowEntry find(String kind, String namespace, String name, List<String> expired) {
        for (AllowEntry entry : allow) {
            if (entry.matches(kind, namespace, name)) {
                if (entry.expires() != null && entry.expires().isBefore(today)) {
                    expired.add("the allow-list entry for " + entry.describe() + " expired on " + entry.expires());
                    continue;
                }
                return entry;
            }
        }
        return null;
    }

    private static Exemption exempt(AllowEntry entry, List<String> expired) {
        String until = entry.expires() == null ? "" : " (until " + entry.expires() + ")";
        return new Exemption("allow-listed for " + entry.describe() + ": " + entry.reason() + until, "");
    }
}
