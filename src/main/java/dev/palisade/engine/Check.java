package dev.palisade.engine;

/** A definition with its compiled template and the kinds it applies to: what the engine runs. */
public record Check(CheckDefinition definition, CheckTemplate.Evaluator evaluator, ObjectKinds kinds) {

    public Check(CheckDefinition definition, CheckTemplate.Evaluator evaluator) {
        this(definition, evaluator, ObjectKinds.EVERY);
    }

    public String id() {
        return definition.id();
    }

    public Severity severity() {
        return definition.severity();
    }

    public boolean inProfile(String profile) {
        return Profiles.ALL.equals(profile) || definition.profiles().contains(profile);
    }
}
