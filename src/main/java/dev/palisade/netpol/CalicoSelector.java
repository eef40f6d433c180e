package dev.palisade.netpol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Calico's selector expression language (projectcalico.org/v3 selectors):
 * <pre>
 *   all()                  every resource
 *   k == 'v'               label k equals v
 *   k != 'v'               label k is not v, or k is absent
 *   has(k)                 label k is present
 *   k in {'a', 'b'}        label k is a or b
 *   k not in {'a', 'b'}    label k is neither, or absent
 *   k contains 's', k starts with 's', k ends with 's'
 *   !expr, expr &amp;&amp; expr, expr || expr, ( expr )
 *   global()               non-namespaced resources: never a pod
 * </pre>
 * {@code &&} binds tighter than {@code ||}. Strings take single or double quotes. An empty expression selects
 * everything (Calico's default for a policy's {@code selector}).
 *
 * <p>As a namespace selector, {@code all()} means every namespace and {@code global()} the resources outside any
 * (GlobalNetworkSets): the label map {@link #GLOBAL} stands for "no namespace", where {@code all()} is false and
 * {@code global()} true, as Calico rewrites them ({@code has(projectcalico.org/namespace)} and its negation).
 * A ServiceAccount selector is parsed with {@link #parse(String, String)} and the prefix {@code pcsa.}, as Calico
 * matches it against the pod's ServiceAccount labels.
 */
public final class CalicoSelector implements LabelMatcher {
    /** The namespace labels of a resource outside every namespace (a GlobalNetworkSet). */
    static final Map<String, String> GLOBAL = Map.of("\u0000global", "");

    private final String text;
    private final Node root;

    private CalicoSelector(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /** Parses an expression; throws {@link IllegalArgumentException} naming the column of the problem. */
    public static CalicoSelector parse(String text) {
        return parse(text, "");
    }

    /** Parses an expression whose label names all get {@code keyPrefix} (Calico's {@code pcsa.} for ServiceAccounts). */
    public static CalicoSelector parse(String text, String keyPrefix) {
        String source = text == null ? "" : text;
        if (source.isBlank()) {
            return new CalicoSelector(source, labels -> !labels.containsKey(GLOBAL_KEY));
        }
        Parser parser = new Parser(source, keyPrefix);
        Node node = parser.or();
        parser.skipSpace();
        if (parser.pos < source.length()) {
            throw parser.error("unexpected \"" + source.substring(parser.pos) + "\"");
        }
        return new CalicoSelector(source, node);
    }

    @Override
    public boolean matches(Map<String, String> labels) {
        return root.matches(labels);
    }

    @Override
    public boolean matchesEverything() {
        String compact = text.replace(" ", "");
        return compact.isEmpty() || compact.equals("all()");
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CalicoSelector other && other.text.strip().equals(text.strip());
    }

    @Override
    public int hashCode() {
        return text.strip().hashCode();
    }

    @FunctionalInterface
    private interface Node {
        boolean matches(Map<String, String> labels);
    }

    private static final String GLOBAL_KEY = "\u0000global";

    private static final class Parser {
        private final String s;
        private final String prefix;
        private int pos;

        Parser(String s, String prefix) {
            this.s = s;
            this.prefix = prefix;
        }

        Node or() {
            List<Node> terms = new ArrayList<>();
            terms.add(and());
            while (accept("||")) {
                terms.add(and());
            }
            return terms.size() == 1 ? terms.get(0) : labels -> terms.stream().anyMatch(t -> t.matches(labels));
        }

        Node and() {
            List<Node> terms = new ArrayList<>();
            terms.add(unary());
            while (accept("&&")) {
                terms.add(unary());
            }
            return terms.size() == 1 ? terms.get(0) : labels -> terms.stream().allMatch(t -> t.matches(labels));
        }

        Node unary() {
            skipSpace();
            if (peek('!') && !s.startsWith("!=", pos)) {
                pos++;
                Node inner = unary();
                return labels -> !inner.matches(labels);
            }
            return primary();
        }

        Node primary() {
            skipSpace();
            if (accept("(")) {
                Node inner = or();
                expect(")");
                return inner;
            }
            if (acceptWord("all")) {
                expect("(");
                expect(")");
                return labels -> !labels.containsKey(GLOBAL_KEY);
            }
            if (acceptWord("global")) {
                expect("(");
                expect(")");
                return labels -> labels.containsKey(GLOBAL_KEY);
            }
            if (acceptWord("has")) {
                expect("(");
                String key = key();
                expect(")");
                return labels -> labels.containsKey(key);
            }
            String key = key();
            skipSpace();
            if (accept("==")) {
                String value = string();
                return labels -> value.equals(labels.get(key));
            }
            if (accept("!=")) {
                String value = string();
                return labels -> !value.equals(labels.get(key));
            }
            if (acceptWord("not")) {
                if (!acceptWord("in")) {
                    throw error("expected \"in\" after \"not\"");
                }
                Set<String> values = set();
                return labels -> !labels.containsKey(key) || !values.contains(labels.get(key));
            }
            if (acceptWord("in")) {
                Set<String> values = set();
                return labels -> labels.containsKey(key) && values.contains(labels.get(key));
            }
            if (acceptWord("contains")) {
                String value = string();
                return labels -> labels.containsKey(key) && labels.get(key).contains(value);
            }
            if (acceptWord("starts")) {
                expectWord("with");
                String value = string();
                return labels -> labels.containsKey(key) && labels.get(key).startsWith(value);
            }
            if (acceptWord("ends")) {
                expectWord("with");
                String value = string();
                return labels -> labels.containsKey(key) && labels.get(key).endsWith(value);
            }
            throw error("expected ==, !=, in, not in, contains, starts with or ends with after \"" + key + "\"");
        }

        Set<String> set() {
            expect("{");
            List<String> values = new ArrayList<>();
            skipSpace();
            if (!peek('}')) {
                values.add(string());
                while (accept(",")) {
                    values.add(string());
                }
            }
            expect("}");
            return Set.copyOf(values);
        }

        String key() {
            skipSpace();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || "_./-".indexOf(s.charAt(pos)) >= 0)) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a label name");
            }
            return prefix + s.substring(start, pos);
        }

        String string() {
            skipSpace();
            if (pos >= s.length() || (s.charAt(pos) != '\'' && s.charAt(pos) != '"')) {
                throw error("expected a quoted string");
            }
            char quote = s.charAt(pos++);
            int end = s.indexOf(quote, pos);
            if (end < 0) {
                throw error("unterminated string");
            }
            String value = s.substring(pos, end);
            pos = end + 1;
            return value;
        }

        boolean accept(String token) {
            skipSpace();
            if (s.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        boolean acceptWord(String word) {
            skipSpace();
            int end = pos + word.length();
            if (s.startsWith(word, pos) && (end >= s.length() || !Character.isLetterOrDigit(s.charAt(end)))) {
                pos = end;
                return true;
            }
            return false;
        }

        void expect(String token) {
            if (!accept(token)) {
                throw error("expected \"" + token + "\"");
            }
        }

        void expectWord(String word) {
            if (!acceptWord(word)) {
                throw error("expected \"" + word + "\"");
            }
        }

        boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException("selector \"" + s + "\": " + message + " at column " + (pos + 1));
        }
    }
}
