package dev.palisade.podsecurity;

import dev.palisade.engine.TemplateParams;
import dev.palisade.engine.Violations;
import java.util.List;

/** What the two seccomp controls share: the allowed profile types and how an explicit bad value is reported. */
record SeccompProfiles(List<String> allowedTypes) {

    static SeccompProfiles from(TemplateParams params) {
        return new SeccompProfiles(params.strings("allowedTypes", List.of("RuntimeDefault", "Localhost")));
    }

    boolean isSet(SecurityContextOwner owner) {
        return FieldValues.isSet(owner.field("seccompProfile"));
    }

    /** A set profile whose type is allowed. A profile without a type reads as the empty type, which is not. */
    boolean allows(SecurityContextOwner owner) {
        return allowedTypes.contains(FieldValues.text(owner.field("seccompProfile", "type")));
    }

    /** Reports a set profile with a type outside the allowed set; true when it did. */
    boolean reportBadType(SecurityContextOwner owner, Violations out) {
        if (!isSet(owner) || allows(owner)) {
            return false;
        }
        out.add(owner.path("seccompProfile", "type"), owner.who() + " sets securityContext.seccompProfile.type to \""
                + FieldValues.text(owner.field("seccompProfile", "type")) + "\"; allowed: " + allowedList());
        return true;
    }

    String allowedList() {
        return String.join(" or ", allowedTypes);
    }
}
