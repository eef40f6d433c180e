package dev.palisade.bestpractice;

import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.WorkloadTemplate;
import dev.palisade.workload.PodSpecAccessor;
import dev.palisade.workload.PodTemplate;
import java.util.List;

/**
 * A floating image (no tag, or a tag in {@code disallowedTags}, default {@code latest}) whose explicit
 * {@code imagePullPolicy} is one of {@code policies} (default IfNotPresent, Never): each node keeps running whatever it
 * pulled first, so two nodes can run different code and a fix never arrives. With {@code Always}, or with no policy
 * (Kubernetes defaults a floating image to Always), the image is at least fetched fresh on every start. Digests pass.
 */
final class ImagePullPolicyTemplate implements WorkloadTemplate {

    @Override
    public String name() {
        return "image-pull-policy";
    }

    @Override
    public String description() {
        return "floating images with a pull policy that keeps a cached copy (params: disallowedTags, policies)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        List<String> disallowed = params.strings("disallowedTags", List.of("latest"));
        List<String> policies = params.strings("policies", List.of("IfNotPresent", "Never"));
        return (object, inventory, out) -> PodSpecAccessor.podTemplate(object).ifPresent(pod -> {
            for (PodTemplate.Container container : pod.containers()) {
                String image = container.node().path("image").asText("");
                String policy = container.node().path("imagePullPolicy").asText("");
                if (image.isEmpty() || image.contains("@") || !policies.contains(policy)) {
                    continue;
                }
                String tag = ImageTagTemplate.tagOf(image);
                if (tag == null || disallowed.contains(tag)) {
                    out.add(container.path("imagePullPolicy"), container.describe() + " pulls the floating image \"" + image
                            + "\" with imagePullPolicy " + policy + ": each node keeps the copy it pulled first");
                }
            }
        });
    }
}
