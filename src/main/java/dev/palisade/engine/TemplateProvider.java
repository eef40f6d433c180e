package dev.palisade.engine;

import java.util.List;

/** A feature package's templates, found through {@link java.util.ServiceLoader}. */
public interface TemplateProvider {
    List<CheckTemplate> templates();
}
