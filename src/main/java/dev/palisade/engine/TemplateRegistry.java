package dev.palisade.engine;

import java.util.Collection;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Every template the feature packages provide, by name. */
public final class TemplateRegistry {
    private final Map<String, CheckTemplate> templates = new TreeMap<>();

    private TemplateRegistry() {}

    /** The templates registered in {@code META-INF/services/dev.palisade.engine.TemplateProvider}. */
    public static TemplateRegistry load() {
        TemplateRegistry registry = new TemplateRegistry();
        for (TemplateProvider provider : ServiceLoader.load(TemplateProvider.class, TemplateRegistry.class.getClassLoader())) {
            for (CheckTemplate template : provider.templates()) {
                CheckTemplate previous = registry.templates.put(template.name(), template);
                if (previous != null) {
                    throw new IllegalStateException("two templates named " + template.name() + ": "
                            + previous.getClass().getName() + " and " + template.getClass().getName());
                }
            }
        }
        return registry;
    }

    public CheckTemplate get(String name, String check) {
        CheckTemplate template = templates.get(name);
        if (template == null) {
            throw new CatalogueException("check " + check + ": unknown template \"" + name + "\" (see `palisade checks templates`)");
        }
        return template;
    }

    public Collection<CheckTemplate> all() {
        return templates.values();
    }
}
