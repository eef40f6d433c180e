package dev.palisade.bestpractice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.TemplateParams;
import dev.palisade.source.FieldPath;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A credential in a ConfigMap's {@code data}, by the same rule as {@code env-secret-value} ({@link CredentialValues}).
 * A ConfigMap is not meant for secrets: every reader of ConfigMaps in the namespace gets it, {@code kubectl describe}
 * prints it, and it is never encrypted at rest. Two places are judged:
 * <ul>
 *   <li>a data key and its value: {@code data: {DB_PASSWORD: hunter2}};</li>
 *   <li>the settings of a file held in the data, one per line, written {@code name = value}, {@code name: value} or
 *       {@code export NAME=value} ({@code application.properties}, {@code .env}, YAML and INI files):
 *       {@code spring.datasource.password=hunter2}.</li>
 * </ul>
 * {@code binaryData} is not read. The message names the key and the setting, never the value.
 */
final class ConfigMapSecretValueTemplate implements CheckTemplate {
    /** The start of a setting line, up to its = or : (the value is cut by hand: no backtracking over long lines). */
    private static final Pattern SETTING = Pattern.compile("\\s*(?:export\\s+)?[\"']?([A-Za-z_][\\w.\\-]*)[\"']?\\s*[=:]");
    /** A YAML block or flow start, an anchor or an alias: the setting's value is not on this line. */
    private static final Pattern NOT_A_VALUE = Pattern.compile("[|>][-+0-9]*|[\\[{&*].*");

    @Override
    public String name() {
        return "configmap-secret-value";
    }

    @Override
    public String description() {
        return "credentials in ConfigMap data, as keys or as settings of the files it holds (params: namePatterns)";
    }

    @Override
    public Evaluator compile(TemplateParams params) {
        CredentialValues credentials = CredentialValues.of(params);
        return (object, inventory, out) -> {
            if (!object.kind().equals("ConfigMap") || !object.group().isEmpty()) {
                return;
            }
            for (Map.Entry<String, JsonNode> entry : object.root().path("data").properties()) {
                String key = entry.getKey();
                String path = FieldPath.field("data", key);
                if (credentials.isCredential(key, entry.getValue())) {
                    out.add(path, "ConfigMap data key \"" + key + "\" holds a literal value that reads like a credential");
                    continue;
                }
                String[] lines = entry.getValue().asText("").split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    Matcher setting = SETTING.matcher(lines[i]);
                    if (setting.lookingAt() && credentials.isCredential(setting.group(1), unquoted(lines[i].substring(setting.end())))) {
                        out.add(path, "ConfigMap data key \"" + key + "\" sets " + setting.group(1) + " (line " + (i + 1)
                                + " of its value) to a literal that reads like a credential");
                    }
                }
            }
        };
    }

    /** The value without its quotes or, when unquoted, without a trailing comment; "" for a line that holds none. */
    private static String unquoted(String rest) {
        String value = rest.strip();
        if (value.endsWith(",")) {
            value = value.substring(0, value.length() - 1).strip(); // a JSON member
        }
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
            int close = value.indexOf(value.charAt(0), 1);
            return close < 0 ? value.substring(1) : value.substring(1, close);
        }
        int comment = value.indexOf(" #");
        String bare = comment < 0 ? value : value.substring(0, comment).strip();
        return NOT_A_VALUE.matcher(bare).matches() ? "" : bare;
    }
}
