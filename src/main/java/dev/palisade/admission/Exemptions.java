package dev.palisade.admission;

/**
 * Requests the webhook does not judge, as Pod Security Admission's exemptions: by namespace (kube-system and the
 * webhook's own by default), by username (the control plane's own writers by default, see
 * {@link AdmissionSettings#DEFAULT_EXEMPT_USERS}) and by group. Per-object, per-check exemptions are the
 * {@code ignore-check.palisade.dev/<check-id>} annotations, handled by the engine exactly as in the linter.
 */
final class Exemptions {
    private final AdmissionSettings settings;

    Exemptions(AdmissionSettings settings) {
        this.settings = settings;
    }

    /** Why the request is exempt, or null when it is judged. */
    String reason(AdmissionRequest request) {
        if (!request.namespace().isEmpty() && settings.exemptNamespaces().contains(request.namespace())) {
            return "namespace " + request.namespace() + " is exempt";
        }
        if (request.kind().equals("Namespace") && settings.exemptNamespaces().contains(request.name())) {
            return "namespace " + request.name() + " is exempt";
        }
        if (settings.exemptUsers().contains(request.username())) {
            return "user " + request.username() + " is exempt";
        }
        for (String group : request.groups()) {
            if (settings.exemptGroups().contains(group)) {
                return "group " + group + " is exempt";
            }
        }
        return null;
    }
}
