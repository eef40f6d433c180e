package dev.palisade.netpol;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateProvider;
import java.util.List;

/** The network-policy templates (catalogue category {@code network-policy}). */
public final class NetworkPolicyTemplates implements TemplateProvider {
    @Override
    public List<CheckTemplate> templates() {
        return List.of(new IngressIsolationTemplate(), new NamespaceDefaultDenyTemplate(), new UnusedPolicyTemplate(),
                new AllNamespacesPeerTemplate(), new AnyAddressIngressTemplate(), new EgressAllowAllTemplate(),
                new LogWithoutDecisionTemplate(), new ShadowedDenyTemplate(), new UnexposedNamedPortTemplate(),
                new UnreadablePolicyTemplate(), new DuplicatePolicyTemplate());
    }
}
