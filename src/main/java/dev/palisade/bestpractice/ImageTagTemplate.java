package dev.palisade.bestpractice;

import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.List;

/**
 * Images must name a fixed version: no tag (which means {@code latest}) and none of the floating tags in
 * {@code disallowedTags} (default {@code latest}). A digest ({@code @sha256:...}) always passes.
 */
final class ImageTagTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "image-tag";
    }

    @Override
    public String description() {
        return "container images without a tag, or with a floating tag (params: disallowedTags)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        List<String> disallowed = params.strings("disallowedTags", List.of("latest"));
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            for (PodTemplate.Container container : pod.containers()) {
                String image = container.node().path("image").asText("");
                if (image.isEmpty() || image.contains("@")) {
                    continue;
                }
                String tag = tagOf(image);
                if (tag == null) {
                    out.add(container.path("image"), container.describe() + " uses image \"" + image
                            + "\" without a tag, which means :latest");
                } else if (disallowed.contains(tag)) {
                    out.add(container.path("image"), container.describe() + " uses image \"" + image
                            + "\" with the floating tag :" + tag);
                }
            }
        });
    }

    /** The tag of an image reference, or null; a registry port ({@code host:5000/app}) is not a tag. */
    static String tagOf(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : null;
    }
}
