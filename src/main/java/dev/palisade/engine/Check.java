package dev.palisade.engine;

/** A definition with its compiled template: what the engine runs. */
public record Check(CheckDefinition definition, CheckTemplate.Evaluator evaluator) {

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
