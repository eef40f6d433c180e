package dev.palisade.rbac;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateProvider;
import java.util.List;

/** The RBAC templates. */
public final class RbacTemplates implements TemplateProvider {
    @Override
    public List<CheckTemplate> templates() {
        return List.of(new RuleGrantsTemplate(), new BindingRoleTemplate(), new BindingSubjectsTemplate(),
                new GroupBindingTemplate());
    }
}
