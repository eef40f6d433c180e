package dev.palisade.schema;

import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateProvider;
import java.util.List;

/** The templates that judge an object against the API of the target Kubernetes release. */
public final class SchemaTemplates implements TemplateProvider {
    @Override
    public List<CheckTemplate> templates() {
        return List.of(new ApiDeprecationTemplate(), new OpenApiSchemaTemplate(), new CustomResourceSchemaTemplate());
    }
}
