package dev.palisade.podsecurity;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateProvider;
import java.util.List;

/** The Pod Security Standards templates: one per control of the baseline and restricted levels. */
public final class PodSecurityTemplates implements TemplateProvider {
    @Override
    public List<CheckTemplate> templates() {
        return List.of(
                new HostNamespacesTemplate(),
                new PrivilegedTemplate(),
                new CapabilityAdditionsTemplate(),
                new HostPathVolumesTemplate(),
                new HostPortsTemplate(),
                new AppArmorTemplate(),
                new SeLinuxTemplate(),
                new ProcMountTemplate(),
                new SeccompValuesTemplate(),
                new SysctlsTemplate(),
                new WindowsHostProcessTemplate(),
                new ProbeHostTemplate(),
                new VolumeTypesTemplate(),
                new PrivilegeEscalationTemplate(),
                new RunAsNonRootTemplate(),
                new RunAsUserTemplate(),
                new SeccompRequiredTemplate(),
                new CapabilitiesDropAllTemplate());
    }
}
