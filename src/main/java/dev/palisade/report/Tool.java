package dev.palisade.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Palisade as its reports and {@code --version} name it, and the words of a check that fit on one line. */
public final class Tool {
    public static final String NAME = "palisade";
    /** The project version of pom.xml, written into version.properties by the build (resource filtering). */
    public static final String VERSION = buildVersion();

    private Tool() {}

    /** The first sentence of a description, on one line: SARIF's short description and the check list's column. */
    public static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return (end < 0 ? text : text.substring(0, end + 1)).replace('\n', ' ').strip();
    }

    private static String buildVersion() {
        Properties properties = new Properties();
        try (InputStream in = Tool.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("dev/palisade/report/version.properties is missing from the class path: build with Maven");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dev/palisade/report/version.properties", e);
        }
        String version = properties.getProperty("version", "");
        if (version.isBlank() || version.contains("@")) {
            throw new IllegalStateException("dev/palisade/report/version.properties was not filtered by Maven: '" + version + "'");
        }
        return version;
    }
}
