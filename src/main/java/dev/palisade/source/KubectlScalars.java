package dev.palisade.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Types a YAML scalar the way {@code kubectl apply} does, so that the linter judges the JSON the cluster receives.
 * kubectl converts YAML with sigs.k8s.io/yaml, which reads it with go-yaml v2's YAML 1.1 rules and then writes JSON:
 *
 * <ul>
 *   <li>a plain (unquoted, untagged) scalar is {@code true} for y Y yes Yes YES true True TRUE on On ON, {@code false}
 *       for n N no No NO false False FALSE off Off OFF, {@code null} for nothing, ~ null Null NULL;</li>
 *   <li>an integer is read as Go's {@code strconv.ParseInt(s, 0, 64)} reads it after removing underscores: {@code 0644}
 *       and {@code 0o644} are octal (420), {@code 0x1F} hex, {@code 0b101} binary; too large for int64 it is read as
 *       uint64, then as a float;</li>
 *   <li>a float is {@code [-+]?(.d+|d+(.d*)?)([eE][-+]?d+)?}; a float without a fraction is sent as an integer
 *       ({@code 1.0} and {@code 1e3} arrive as 1 and 1000); {@code .inf} and {@code .nan} cannot be written as JSON,
 *       so kubectl refuses the document;</li>
 *   <li>everything else, timestamps included, stays the text as written; so does every quoted scalar;</li>
 *   <li>an explicit tag ({@code !!str}, {@code !!int}, {@code !!float}, {@code !!bool}, {@code !!null},
 *       {@code !!timestamp}, {@code !!binary}) forces the type or is refused when the text does not fit it; any other
 *       tag leaves the text as it is;</li>
 *   <li>JSON keys are strings: an integer key is written in decimal, a boolean key as true/false, a float key in Go's
 *       shortest float32 form; a null key or one beyond int64 is refused.</li>
 * </ul>
 *
 * Checked against the real converter by the differential test (test-tools/kubectl-yaml, KubectlYamlDifferentialTest).
 * The common case, a plain word, is decided by its first character without a regex.
 */
final class KubectlScalars {
    /** The tag {@link PlainScalarComposer} gives a plain, untagged scalar: its type is for this class to decide. */
    static final String PLAIN = "tag:palisade.dev,2026:plain";

    private static final String YAML = "tag:yaml.org,2002:";
    static final String STR = YAML + "str";
    private static final String INT = YAML + "int";
    private static final String FLOAT = YAML + "float";
    private static final String BOOL = YAML + "bool";
    private static final String NULL = YAML + "null";
    private static final String TIMESTAMP = YAML + "timestamp";
    private static final String BINARY = YAML + "binary";
    private static final String MERGE = YAML + "merge";

    private static final Pattern TIMESTAMP_TEXT = Pattern.compile(
            "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2}))"
                    + "|( [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?))?");
    private static final Object NULL_VALUE = new Object();

    private KubectlScalars() {}

    /** A scalar kubectl refuses; the message says why in the user's terms. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Whether a mapping key is YAML's merge key: a plain {@code <<}, or one tagged {@code !!merge}. */
    static boolean isMergeKey(String tag, String text) {
        return text.equals("<<") && (tag.equals(PLAIN) || tag.equals(MERGE));
    }

    /** The JSON value kubectl sends for a scalar with this tag and text. */
    static JsonNode value(String tag, String text) throws Refused {
        Object typed = typed(tag, text);
        if (typed instanceof String s) {
            return TreeBuilder.NODES.textNode(s);
        }
        if (typed == NULL_VALUE) {
            return TreeBuilder.NODES.nullNode();
        }
        if (typed instanceof Boolean b) {
            return TreeBuilder.NODES.booleanNode(b);
        }
        if (typed instanceof Long l) {
            return TreeBuilder.NODES.numberNode(l);
        }
        if (typed instanceof BigInteger big) {
            return TreeBuilder.NODES.numberNode(big);
        }
        return jsonFloat((Double) typed, text);
    }

    /** The JSON object key kubectl writes for a scalar key with this tag and text. */
    static String key(String tag, String text) throws Refused {
        Object typed = typed(tag, text);
        if (typed instanceof String s) {
            return s;
        }
        if (typed == NULL_VALUE) {
            throw new Refused("a mapping key is null (" + (text.isEmpty() ? "empty" : text)
                    + "): kubectl refuses it; quote the key if it is a name");
        }
        if (typed instanceof Boolean b) {
            return b.toString();
        }
        if (typed instanceof Long l) {
            return l.toString();
        }
        if (typed instanceof BigInteger) {
            throw new Refused("the key " + text + " is beyond a 64-bit integer: kubectl refuses it; quote the key");
        }
        return float32Key((Double) typed);
    }

    /** go-yaml v2's resolve(): String, Boolean, Long, BigInteger (uint64), Double, or NULL_VALUE. */
    private static Object typed(String tag, String text) throws Refused {
        if (tag.equals(PLAIN)) {
            return implicit(text);
        }
        return switch (tag) {
            case STR -> text;
            case BINARY -> binary(text);
            case INT -> {
                Object v = implicit(text);
                if (v instanceof Long || v instanceof BigInteger) {
                    yield v;
                }
                throw refusedAs(text, "!!int");
            }
            case FLOAT -> {
                Object v = implicit(text);
                if (v instanceof Double) {
                    yield v;
                }
                if (v instanceof Long l) {
                    yield l.doubleValue(); // go-yaml turns an int into a float for !!float, not a uint64
                }
                throw refusedAs(text, "!!float");
            }
            case BOOL -> {
                Object v = implicit(text);
                if (v instanceof Boolean) {
                    yield v;
                }
                throw refusedAs(text, "!!bool");
            }
            case NULL -> {
                Object v = implicit(text);
                if (v == NULL_VALUE) {
                    yield v;
                }
                throw refusedAs(text, "!!null");
            }
            case TIMESTAMP -> {
                if (TIMESTAMP_TEXT.matcher(text).matches()) {
                    yield text;
                }
                throw refusedAs(text, "!!timestamp");
            }
            default -> text; // any other tag, including !! tags go-yaml does not know: the text as written
        };
    }

    /**
     * Resolution by the first character, as go-yaml's resolve table does. Timestamps need no case: go-yaml hands one
     * to kubectl as the text written, which is what every other scalar not typed here stays.
     */
    private static Object implicit(String text) {
        if (text.isEmpty()) {
            return NULL_VALUE;
        }
        char first = text.charAt(0);
        switch (first) {
            case 'y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O', '~' -> {
                return word(text);
            }
            case '.' -> {
                Object special = word(text);
                if (special != text) {
                    return special;
                }
                // Go's ParseFloat on the text as written: an underscore only between two digits.
                return text.indexOf('_') < 0 ? decimalFloat(text, text)
                        : underscoresBetweenDigits(text) ? decimalFloat(text.replace("_", ""), text) : text;
            }
            case '+', '-' -> {
                Object special = word(text); // +.inf, -.inf
                return special != text ? special : number(text);
            }
            case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                return number(text);
            }
            default -> {
                return text;
            }
        }
    }

    /** The words go-yaml's resolve map holds, or the text itself. */
    private static Object word(String text) {
        if (text.length() > 5) {
            return text; // the longest word is five characters: no hashing of every longer key and value
        }
        return switch (text) {
            case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" -> Boolean.TRUE;
            case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" -> Boolean.FALSE;
            case "~", "null", "Null", "NULL" -> NULL_VALUE;
            case ".nan", ".NaN", ".NAN" -> Double.NaN;
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF" -> Double.NEGATIVE_INFINITY;
            default -> text;
        };
    }

    /**
     * A scalar starting with a sign or a digit, underscores removed: int64 as Go's {@code ParseInt(s, 0, 64)} reads it
     * (its 0b, 0o, 0x and leading-0 octal prefixes cover go-yaml's own binary cases), else uint64, else a float.
     */
    private static Object number(String text) {
        String plain = text.indexOf('_') < 0 ? text : text.replace("_", "");
        Object integer = GoIntegers.parse(plain);
        if (integer != null) {
            return integer;
        }
        return decimalFloat(plain, text);
    }

    /** {@code candidate} as a YAML 1.1 float (Go's ParseFloat, which fails on overflow), else {@code otherwise}. */
    private static Object decimalFloat(String candidate, Object otherwise) {
        if (isYamlFloat(candidate)) {
            double d = Double.parseDouble(candidate);
            if (!Double.isInfinite(d)) {
                return d;
            }
        }
        return otherwise;
    }

    /** go-yaml's {@code ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$}, without a regex. */
    static boolean isYamlFloat(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            i = digits(s, i);
            if (i == start) {
                return false;
            }
        } else {
            int start = i;
            i = digits(s, i);
            if (i == start) {
                return false;
            }
            if (i < n && s.charAt(i) == '.') {
                i = digits(s, i + 1);
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int start = i;
            i = digits(s, i);
            if (i == start) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean underscoresBetweenDigits(String s) {
        for (int i = s.indexOf('_'); i >= 0; i = s.indexOf('_', i + 1)) {
            if (i == 0 || i == s.length() - 1 || !isDigit(s.charAt(i - 1)) || !isDigit(s.charAt(i + 1))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digits(String s, int i) {
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static Object binary(String text) throws Refused {
        try {
            // Go's base64 decoder skips line breaks, which a block scalar holding the data has.
            byte[] bytes = Base64.getDecoder().decode(text.replace("\n", "").replace("\r", ""));
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused("!!binary value is not valid base64: kubectl refuses this document");
        }
    }

    /** JSON has no infinity or NaN; a float without a fraction travels as an integer (Go writes 1.0 as 1). */
    private static JsonNode jsonFloat(double d, String text) throws Refused {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new Refused("the value " + text + " is " + (Double.isNaN(d) ? "NaN" : "infinity")
                    + ", which JSON cannot carry: kubectl refuses this document; quote it if a string is meant");
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            // Go writes the shortest digits that read back as the same double, padded with zeros: 2^63 as a float is
            // sent as 9223372036854776000, and Java's Double.toString gives the same digits.
            BigInteger integral = new BigDecimal(Double.toString(d)).toBigInteger();
            return integral.bitLength() < 64 ? TreeBuilder.NODES.numberNode(integral.longValue()) : TreeBuilder.NODES.numberNode(integral);
        }
        return TreeBuilder.NODES.numberNode(d);
    }

    /** Go's {@code strconv.FormatFloat(f, 'g', -1, 32)}, with go-yaml's spellings of the special values. */
    static String float32Key(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        float f = (float) d;
        if (f == 0) {
            return (Float.floatToRawIntBits(f) < 0) ? "-0" : "0";
        }
        // Java's Float.toString gives the shortest digits that read back as the same float32, as Go's does.
        BigDecimal shortest = new BigDecimal(Float.toString(Math.abs(f))).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - 1 - shortest.scale(); // of the first digit
        StringBuilder out = new StringBuilder(f < 0 ? "-" : "");
        if (exponent < -4 || exponent >= 6) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            out.append(magnitude < 10 ? "0" : "").append(magnitude);
        } else {
            out.append(shortest.toPlainString());
        }
        return out.toString();
    }

    private static Refused refusedAs(String text, String tag) {
        return new Refused("cannot read `" + text + "` as " + tag + ": kubectl refuses this document");
    }
}
