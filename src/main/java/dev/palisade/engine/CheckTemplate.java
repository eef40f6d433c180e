package dev.palisade.engine;

/**
 * The Java half of a check: one small class with one job. The catalogue names a template and gives its parameters;
 * {@link #compile} validates them once and returns the evaluator that runs on every object.
 */
public interface CheckTemplate {

    /** The name the catalogue uses in {@code template:}. */
    String name();

    /** One line for {@code palisade checks templates}: what it looks at and which parameters it takes. */
    String description();

    /** Validates the parameters (call {@link TemplateParams#rejectUnknown()}) and returns the evaluator. */
    Evaluator compile(TemplateParams params);

    /**
     * The kinds of object the compiled checks can report on; the engine calls them on nothing else. A template that
     * answers more narrowly than its evaluator looks would lose findings, so keep it the exact guard of the evaluator.
     */
    default ObjectKinds kinds(TemplateParams params) {
        return ObjectKinds.EVERY;
    }

    /** Judges one object; adds a violation for each offending field. Must not keep state between calls. */
    @FunctionalInterface
    interface Evaluator {
        void evaluate(dev.palisade.source.KubeObject object, Inventory inventory, Violations out);
    }
}
