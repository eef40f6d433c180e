package dev.palisade.bestpractice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CatalogueException;
import dev.palisade.engine.TemplateParams;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Whether a value written under a name is a credential lying in a manifest; one rule for {@code env-secret-value}
 * (container {@code env[].value}) and {@code configmap-secret-value} (ConfigMap data and the settings of the files it
 * holds).
 *
 * <p>A name reads like a credential when one of the {@code namePatterns} (case-insensitive regular expressions) finds
 * a match in it, and its last word does not say it names a place or a setting instead: {@code DB_PASSWORD_FILE},
 * {@code TOKEN_URL}, {@code SECRET_NAME}, {@code AWS_ACCESS_KEY_ID} ({@link #SETTING_WORDS}).
 *
 * <p>Its value is then a credential unless it is
 * <ul>
 *   <li>empty, a boolean (true/false, yes/no, on/off, enabled/disabled), a number or a duration ({@code 30s});</li>
 *   <li>a file path ({@code /run/secrets/db-password}, {@code ./key.pem}, {@code ~/.netrc}): the secret is in the file;</li>
 *   <li>a URL without a password ({@code https://auth.example.com/token}); a URL with {@code user:password@}, or
 *       with a credential-named query parameter holding a literal, is a credential;</li>
 *   <li>a reference resolved elsewhere: {@code $(VAR)}, {@code ${VAR}}, {@code $VAR}, {@code {{ template }}}, or a
 *       secret manager's ({@code vault:}, {@code ref+…}, {@code arn:aws:secretsmanager:}, {@code arn:aws:ssm:},
 *       {@code projects/…/secrets/…}, {@code @Microsoft.KeyVault(…)}).</li>
 * </ul>
 * A PEM private key, and a URL with a password, are credentials under any name.
 */
final class CredentialValues {
    static final List<String> DEFAULT_PATTERNS = List.of("passw(or)?d", "secret", "token", "api[_-]?key",
            "private[_-]?key", "credential", "access[_-]?key");

    /** Last words of a name that say it holds a place, an identifier or a setting, not the credential itself. */
    static final Set<String> SETTING_WORDS = Set.of("file", "path", "dir", "name", "url", "uri", "endpoint", "host",
            "port", "id", "enabled", "disabled", "ttl", "timeout", "expiry", "length", "header", "type", "mode");

    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "yes", "no", "on", "off", "y", "n",
            "enabled", "disabled");
    private static final Pattern NUMBER_OR_DURATION = Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)?");
    private static final Pattern FILE_PATH = Pattern.compile("(~|\\.{1,2})?/[\\w.\\-/]*");
    private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*://([^/?#]*)[^?#]*(\\?([^#]*))?.*", Pattern.DOTALL);
    private static final Pattern SECRET_MANAGER = Pattern.compile(
            "(vault:|ref\\+|arn:aws:secretsmanager:|arn:aws:ssm:|@Microsoft\\.KeyVault\\(|projects/[^/]+/secrets/).*",
            Pattern.DOTALL);
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");

    private final Pattern names;

    private CredentialValues(Pattern names) {
        this.names = names;
    }

    /** From a check's {@code namePatterns} parameter (default {@link #DEFAULT_PATTERNS}). */
    static CredentialValues of(TemplateParams params) {
        try {
            return new CredentialValues(Pattern.compile(String.join("|", params.strings("namePatterns", DEFAULT_PATTERNS)),
                    Pattern.CASE_INSENSITIVE));
        } catch (PatternSyntaxException e) {
            throw new CatalogueException("check " + params.check() + ": namePatterns: " + e.getDescription());
        }
    }

    /** A JSON value (env values may be typed): only text can hold a credential. */
    boolean isCredential(String name, JsonNode value) {
        return value.isTextual() && isCredential(name, value.asText());
    }

    boolean isCredential(String name, String value) {
        String text = value.strip();
        if (text.isEmpty()) {
            return false;
        }
        if (PRIVATE_KEY.matcher(text).find()) {
            return true;
        }
        var url = URL.matcher(text);
        if (url.matches() && (hasPassword(url.group(1)) || hasCredentialParameter(url.group(3)))) {
            return true; // under any name: DATABASE_URL=postgres://shop:hunter2@db
        }
        return readsLikeCredential(name) && !url.matches() && literal(text);
    }

    private boolean readsLikeCredential(String name) {
        return names.matcher(name).find() && !SETTING_WORDS.contains(lastWord(name));
    }

    /** A value that is the credential itself rather than a flag, a number, a place or a reference to it. */
    private static boolean literal(String text) {
        return !BOOLEAN_WORDS.contains(text.toLowerCase(Locale.ROOT)) && !NUMBER_OR_DURATION.matcher(text).matches()
                && !FILE_PATH.matcher(text).matches() && !reference(text);
    }

    private static boolean reference(String text) {
        return text.startsWith("{{") || (text.length() > 1 && text.charAt(0) == '$' && isReferenceStart(text.charAt(1)))
                || SECRET_MANAGER.matcher(text).matches();
    }

    private static boolean isReferenceStart(char c) {
        return c == '(' || c == '{' || c == '_' || Character.isLetterOrDigit(c);
    }

    /** {@code user:password@host}: a non-empty password before the last '@' of the authority. */
    private static boolean hasPassword(String authority) {
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return false;
        }
        int colon = authority.indexOf(':');
        return colon >= 0 && colon < at - 1 && !reference(authority.substring(colon + 1, at));
    }

    private boolean hasCredentialParameter(String query) {
        if (query == null) {
            return false;
        }
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && isCredential(parameter.substring(0, equals), parameter.substring(equals + 1))) {
                return true;
            }
        }
        return false;
    }

    /** The last word of DB_PASSWORD_FILE, db.password.file, dbPasswordFile: "file". */
    static String lastWord(String name) {
        int end = name.length();
        while (end > 0 && !Character.isLetterOrDigit(name.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0) {
            char c = name.charAt(start - 1);
            if (!Character.isLetterOrDigit(c)) {
                break;
            }
            start--;
            if (Character.isUpperCase(c) && start > 0 && Character.isLowerCase(name.charAt(start - 1))) {
                break; // camelCase boundary: dbPassword|File
            }
        }
        return name.substring(start, end).toLowerCase(Locale.ROOT);
    }
}
