package dev.palisade.admission;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.palisade.engine.CheckDefinition;
import dev.palisade.engine.Severity;
import java.util.Map;

/**
 * Decides the {@link Mode} of a finding from the check, the configuration and the labels of the request's namespace,
 * most specific first:
 * <ol>
 *   <li>the namespace label {@code mode.palisade.dev/<check-id>: enforce|warn|audit|off};</li>
 *   <li>{@code admission.checks.<check-id>} in the configuration;</li>
 *   <li>the severity thresholds: the namespace labels {@code palisade.dev/enforce} and {@code palisade.dev/warn}
 *       (a severity or {@code none}), modelled on Pod Security Admission's {@code pod-security.kubernetes.io/<mode>:
 *       <level>}, else {@code admission.enforce} (default high) and {@code admission.warn} (default info). A finding
 *       at or above the enforce threshold is enforced, else at or above the warn threshold it warns, else it is
 *       audited.</li>
 * </ol>
 * Whoever may label a namespace may relax it, exactly as with Pod Security Admission; {@code admission.namespaceLabels:
 * false} ignores the labels. A label with a value that is not understood is ignored (the configuration applies).
 */
public final class ModeResolver {
    public static final String ENFORCE_LABEL = "palisade.dev/enforce";
    public static final String WARN_LABEL = "palisade.dev/warn";
    public static final String CHECK_LABEL_PREFIX = "mode.palisade.dev/";

    private final AdmissionSettings settings;

    public ModeResolver(AdmissionSettings settings) {
        this.settings = settings;
    }

    /** The mode of a finding at the check's own severity. */
    public Mode resolve(CheckDefinition check, Map<String, String> namespaceLabels) {
        return resolve(check, check.severity(), namespaceLabels);
    }

    /**
     * The mode of a finding at its own severity, which a check may lower from its definition's (an RBAC grant bound in
     * one ordinary namespace is one step below the same grant bound cluster-wide): the thresholds compare that.
     */
    public Mode resolve(CheckDefinition check, Severity severity, Map<String, String> namespaceLabels) {
        Map<String, String> labels = settings.namespaceLabels() ? namespaceLabels : Map.of();
        Mode labelled = labels.isEmpty() ? null : mode(labels.get(CHECK_LABEL_PREFIX + check.id()));
        if (labelled != null) {
            return labelled;
        }
        Mode configured = settings.checkModes().get(check.id());
        if (configured != null) {
            return configured;
        }
        Severity enforceAt = threshold(labels.get(ENFORCE_LABEL), settings.enforceAt());
        Severity warnAt = threshold(labels.get(WARN_LABEL), settings.warnAt());
        if (enforceAt != null && severity.atLeast(enforceAt)) {
            return Mode.ENFORCE;
        }
        if (warnAt != null && severity.atLeast(warnAt)) {
            return Mode.WARN;
        }
        return Mode.AUDIT;
    }

    private static Mode mode(String label) {
        if (label == null) {
            return null;
        }
        try {
            return Mode.parse(label, "label");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Severity threshold(String label, Severity configured) {
        if (label == null) {
            return configured;
        }
        try {
            return AdmissionSettings.threshold(TextNode.valueOf(label), configured, "label");
        } catch (IllegalArgumentException e) {
            return configured;
        }
    }
}
