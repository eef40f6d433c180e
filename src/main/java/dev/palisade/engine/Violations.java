package dev.palisade.engine;

import java.util.ArrayList;
import java.util.List;

/** Where a template puts what it finds. */
public final class Violations {
    private final List<Violation> found = new ArrayList<>();

    public void add(String path, String message) {
        found.add(new Violation(path, message));
    }

    public void add(Violation violation) {
        found.add(violation);
    }

    public List<Violation> list() {
        return found;
    }
}
