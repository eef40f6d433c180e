package dev.palisade.report;

/** Palisade as its reports and {@code --version} name it, and the words of a check that fit on one line. */
public final class Tool {
    public static final String NAME = "palisade";
    public static final String VERSION = "0.1.0";

    private Tool() {}

    /** The first sentence of a description, on one line: SARIF's short description and the check list's column. */
    public static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return (end < 0 ? text : text.substring(0, end + 1)).replace('\n', ' ').strip();
    }
}
