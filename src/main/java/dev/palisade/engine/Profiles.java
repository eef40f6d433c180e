package dev.palisade.engine;

import java.util.List;

/**
 * The profiles a run can select. {@code all} (the default) runs every enabled check; {@code baseline} runs the Pod
 * Security Standards baseline controls; {@code restricted} runs baseline plus restricted, as Pod Security Admission
 * does. A check declares membership in its {@code profiles:} list, so restricted controls list only restricted and
 * baseline controls list both.
 */
public final class Profiles {
    public static final String ALL = "all";
    public static final String BASELINE = "baseline";
    public static final String RESTRICTED = "restricted";
    public static final List<String> KNOWN = List.of(ALL, BASELINE, RESTRICTED);

    private Profiles() {}

    public static String parse(String text) {
        String profile = text == null ? ALL : text.trim().toLowerCase(java.util.Locale.ROOT);
        if (profile.equals("default")) {
            return ALL;
        }
        if (!KNOWN.contains(profile)) {
            throw new CatalogueException("unknown profile \"" + text + "\": expected " + String.join(", ", KNOWN));
        }
        return profile;
    }
}
