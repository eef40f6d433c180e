package dev.palisade.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/** Splits a {@link FieldPath} into its steps: keys, and {@code [n]} for list indices. */
final class FieldPathSteps {
    private FieldPathSteps() {}

    /** The node at a field path under {@code root}, or a missing node. */
    static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String step : split(path)) {
            if (node == null || node.isMissingNode()) {
                return MissingNode.getInstance();
            }
            node = step.startsWith("[") ? node.path(Integer.parseInt(step.substring(1, step.length() - 1))) : node.path(step);
        }
        return node == null ? MissingNode.getInstance() : node;
    }

    static List<String> split(String path) {
        List<String> steps = new ArrayList<>();
        int i = 0;
        int n = path.length();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[' && i + 1 < n && path.charAt(i + 1) == '\'') {
                StringBuilder key = new StringBuilder();
                i += 2;
                while (i < n && !(path.charAt(i) == '\'' && i + 1 < n && path.charAt(i + 1) == ']' && path.charAt(i - 1) != '\\')) {
                    if (path.charAt(i) == '\\' && i + 1 < n && path.charAt(i + 1) == '\'') {
                        i++;
                    }
                    key.append(path.charAt(i++));
                }
                steps.add(key.toString());
                i += 2;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                steps.add(path.substring(i, close + 1));
                i = close + 1;
            } else {
                int end = i;
                while (end < n && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                steps.add(path.substring(i, end));
                i = end;
            }
        }
        return steps;
    }
}
