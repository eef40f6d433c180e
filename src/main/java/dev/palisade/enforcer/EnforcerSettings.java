package dev.palisade.enforcer;

import java.time.Duration;
import java.util.Locale;

/**
 * How one node's enforcer runs, from flags or the {@code enforcer} section of {@code .palisade.yaml} (flags win).
 *
 * @param node          this node's name (its Node object gives the pod CIDR and InternalIP); null when not given,
 *                      which only {@code --uninstall} accepts
 * @param bridge        the bridge the CNI puts local pods on ({@code cni0}, as the bridge plugin names it)
 * @param vxlanDevice   the VXLAN device the enforcer owns
 * @param vni           the VXLAN network identifier
 * @param vxlanPort     UDP port: 4789 (IANA) or 8472 (Linux default, flannel)
 * @param underlayDevice the interface VXLAN packets leave by; empty means the one holding the InternalIP
 * @param mtu           VXLAN device MTU; 0 means underlay MTU minus 50
 * @param denyAction    what the deny floor does: DROP (silent) or REJECT (fails fast)
 * @param logDenied     NONE, LOG (rate-limited kernel log) or NFLOG (to a userspace logger)
 * @param resync        how often the overlay is reconciled, a failed sync retried and the chains re-checked as a backstop
 * @param cutDeniedFlows whether established connections that a change newly denies are cut (their conntrack entries
 *                      deleted, and a TCP packet without SYN never starts a connection); false keeps them alive until
 *                      they end, as before ({@code --keep-established})
 */
public record EnforcerSettings(String node, String bridge, String vxlanDevice, int vni, int vxlanPort,
                               String underlayDevice, int mtu, DenyAction denyAction, DenyLog logDenied,
                               Duration resync, boolean cutDeniedFlows) {

    public enum DenyAction { DROP, REJECT }

    public enum DenyLog { NONE, LOG, NFLOG }

    public static final String DEFAULT_BRIDGE = "cni0";
    public static final String DEFAULT_VXLAN_DEVICE = "palisade.vxlan";

    public EnforcerSettings {
        if (node != null && node.isBlank()) {
            node = null; // not known: enough for --uninstall, which removes what the enforcer owns whatever the node
        }
        if (vni < 1 || vni > 0xffffff) {
            throw new EnforcerException("VXLAN VNI " + vni + " is not between 1 and 16777215 (--vni)");
        }
        if (vxlanPort < 1 || vxlanPort > 65535) {
            throw new EnforcerException("VXLAN port " + vxlanPort + " is not a UDP port (--vxlan-port: 4789 or 8472)");
        }
        if (mtu != 0 && (mtu < 576 || mtu > 65535)) {
            throw new EnforcerException("MTU " + mtu + " is not between 576 and 65535 (--mtu; 0 means underlay minus 50)");
        }
        if (vxlanDevice.length() > 15 || bridge.length() > 15) {
            throw new EnforcerException("interface names are at most 15 characters: " + vxlanDevice + ", " + bridge);
        }
        if (resync.isNegative() || resync.isZero()) {
            throw new EnforcerException("the resync interval must be positive (--resync)");
        }
    }

    /** Settings that cut denied flows (the default). */
    public EnforcerSettings(String node, String bridge, String vxlanDevice, int vni, int vxlanPort, String underlayDevice,
                            int mtu, DenyAction denyAction, DenyLog logDenied, Duration resync) {
        this(node, bridge, vxlanDevice, vni, vxlanPort, underlayDevice, mtu, denyAction, logDenied, resync, true);
    }

    /** Fails with the flag to fix unless the node name is known (every mode but {@code --uninstall} needs it). */
    public EnforcerSettings requireNode() {
        if (node == null) {
            throw new EnforcerException("the node name is required (--node NAME, or NODE_NAME from the downward API)");
        }
        return this;
    }

    public static EnforcerSettings defaults(String node) {
        return new EnforcerSettings(node, DEFAULT_BRIDGE, DEFAULT_VXLAN_DEVICE, 1, 4789, "", 0,
                DenyAction.DROP, DenyLog.NONE, Duration.ofSeconds(30));
    }

    static DenyAction denyAction(String text) {
        try {
            return DenyAction.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EnforcerException("deny action \"" + text + "\" is not DROP or REJECT (--deny-action)");
        }
    }

    static DenyLog denyLog(String text) {
        try {
            return DenyLog.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EnforcerException("deny logging \"" + text + "\" is not none, log or nflog (--log-denied)");
        }
    }
}
