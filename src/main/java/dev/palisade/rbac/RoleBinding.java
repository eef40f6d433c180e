package dev.palisade.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.ObjectKinds;
import dev.palisade.source.KubeObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A RoleBinding or ClusterRoleBinding: which role (a RoleBinding may name a ClusterRole, then it reaches only its own
 * namespace) and which subjects.
 */
record RoleBinding(KubeObject object, String roleKind, String roleName, List<Subject> subjects) {
    /** What the role checks and the binding checks apply to. */
    static final ObjectKinds ROLE_KINDS = ObjectKinds.of("Role", "ClusterRole");
    static final ObjectKinds BINDING_KINDS = ObjectKinds.of("RoleBinding", "ClusterRoleBinding");

    static boolean isBinding(KubeObject object) {
        return isRbac(object) && ("RoleBinding".equals(object.kind()) || "ClusterRoleBinding".equals(object.kind()));
    }

    static boolean isRole(KubeObject object) {
        return isRbac(object) && ("Role".equals(object.kind()) || "ClusterRole".equals(object.kind()));
    }

    private static boolean isRbac(KubeObject object) {
        return object.root().path("apiVersion").asText("").startsWith("rbac.authorization.k8s.io/");
    }

    static RoleBinding of(KubeObject object) {
        JsonNode roleRef = object.root().path("roleRef");
        List<Subject> subjects = new ArrayList<>();
        object.root().path("subjects").forEach(s -> subjects.add(Subject.of(s, object.namespace())));
        return new RoleBinding(object, roleRef.path("kind").asText(""), roleRef.path("name").asText(""), List.copyOf(subjects));
    }

    boolean clusterWide() {
        return "ClusterRoleBinding".equals(object.kind());
    }

    /** The namespace it grants in, or "" for a ClusterRoleBinding. */
    String namespace() {
        return clusterWide() ? "" : object.namespace();
    }

    boolean refersTo(KubeObject role) {
        if (!role.kind().equals(roleKind) || !role.name().equals(roleName)) {
            return false;
        }
        return "ClusterRole".equals(roleKind) || role.namespace().equals(object.namespace());
    }

    /** Severity steps below the check's: one for a RoleBinding outside kube-system. */
    int lowerBy() {
        return clusterWide() || Reach.KUBE_SYSTEM.equals(object.namespace()) ? 0 : 1;
    }

    String describeSubjects() {
        return subjects.isEmpty() ? "no subject" : String.join(", ", subjects.stream().map(Subject::toString).toList());
    }

    /** "; in every namespace" or "; in namespace x", for the end of a message. */
    String describeReach() {
        return clusterWide() ? "; cluster-wide" : "; in namespace " + object.namespace();
    }

    String describe() {
        return object.kind() + " " + (clusterWide() ? "" : object.namespace() + "/") + object.name();
    }
}
