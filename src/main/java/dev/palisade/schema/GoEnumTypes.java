package dev.palisade.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The enum values of the Kubernetes API, read from the Go sources of {@code k8s.io/api} at build time, because the
 * published OpenAPI documents drop them. A type marked {@code // +enum} ({@code type PullPolicy string}) has its
 * values in the constants of that type ({@code PullAlways PullPolicy = "Always"}); a struct field of that type, its
 * pointer or a slice of it ({@code ImagePullPolicy PullPolicy `json:"imagePullPolicy,omitempty"`}) takes them. The
 * result maps a definition name and JSON property ({@code io.k8s.api.core.v1.Container}, {@code imagePullPolicy}) to
 * the values, and whether the field holds a list of them.
 */
final class GoEnumTypes {
    private static final Pattern ENUM_TYPE = Pattern.compile("//\\s*\\+enum\\s*\\n(?:\\s*//[^\\n]*\\n)*\\s*type\\s+(\\w+)\\s+string");
    private static final Pattern CONSTANT = Pattern.compile("^\\s*\\w+\\s+(\\w+)\\s*=\\s*\"([^\"]*)\"", Pattern.MULTILINE);
    private static final Pattern STRUCT = Pattern.compile("^type\\s+(\\w+)\\s+struct\\s*\\{", Pattern.MULTILINE);
    private static final Pattern FIELD = Pattern.compile("^\\s*\\w+\\s+(\\[\\]|\\*)?(\\w+)\\s+`json:\"([^\",]+)", Pattern.MULTILINE);

    /** The values of one enum field. */
    record EnumField(List<String> values, boolean list) {}

    private GoEnumTypes() {}

    /**
     * @param packageName the definition prefix of the package, e.g. {@code io.k8s.api.core.v1}
     * @param source      the text of its types.go
     * @return definition name, then JSON property, then values
     */
    static Map<String, Map<String, EnumField>> read(String packageName, String source) {
        Map<String, List<String>> enums = new HashMap<>();
        Matcher type = ENUM_TYPE.matcher(source);
        while (type.find()) {
            enums.put(type.group(1), new ArrayList<>());
        }
        Matcher constant = CONSTANT.matcher(source);
        while (constant.find()) {
            List<String> values = enums.get(constant.group(1));
            if (values != null && !values.contains(constant.group(2))) {
                values.add(constant.group(2));
            }
        }
        Map<String, Map<String, EnumField>> fields = new LinkedHashMap<>();
        Matcher struct = STRUCT.matcher(source);
        while (struct.find()) {
            int end = source.indexOf("\n}", struct.end());
            Matcher field = FIELD.matcher(source.substring(struct.end(), end < 0 ? source.length() : end));
            while (field.find()) {
                List<String> values = enums.get(field.group(2));
                if (values != null && !values.isEmpty()) {
                    fields.computeIfAbsent(packageName + "." + struct.group(1), k -> new LinkedHashMap<>())
                            .put(field.group(3), new EnumField(List.copyOf(values), "[]".equals(field.group(1))));
                }
            }
        }
        return fields;
    }
}
