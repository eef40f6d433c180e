package dev.palisade.schema;

import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.KubeObject;
import dev.palisade.source.ManifestLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** The CustomResourceDefinitions of the {@code kubernetes.crds} folders ({@code --crd}), read once per run. */
final class CrdFolders {
    private CrdFolders() {}

    static CustomResourceSchemas load(TemplateParams params) {
        CustomResourceSchemas schemas = new CustomResourceSchemas();
        List<String> folders = new ArrayList<>();
        params.configSection("kubernetes").path("crds").forEach(folder -> folders.add(folder.asText()));
        if (folders.isEmpty()) {
            return schemas;
        }
        for (String folder : folders) {
            if (!Files.exists(java.nio.file.Path.of(folder))) {
                throw new CatalogueException("--crd " + folder + ": no such file or folder");
            }
        }
        ManifestLoader.Result loaded = new ManifestLoader().load(folders, InputStream.nullInputStream(), path -> false);
        if (!loaded.errors().isEmpty()) {
            throw new CatalogueException("--crd: cannot read " + loaded.errors().getFirst());
        }
        for (KubeObject object : loaded.objects()) {
            if (CustomResourceSchemas.isDefinition(object)) {
                schemas.add(object);
            }
        }
        return schemas;
    }
}
