package dev.palisade.source;

import java.math.BigInteger;

/**
 * Go's {@code strconv.ParseInt(s, 0, 64)}, falling back to {@code ParseUint(s, 0, 64)}, as go-yaml v2 reads an integer:
 * an optional sign (ParseInt only), then a base prefix ({@code 0b}/{@code 0B} binary, {@code 0o}/{@code 0O} or a bare
 * leading {@code 0} octal, {@code 0x}/{@code 0X} hex), then ASCII digits of that base. Underscores are removed before.
 * Both parsers reject a value beyond 64 bits; go-yaml then tries the text as a float.
 */
final class GoIntegers {
    private GoIntegers() {}

    /** A Long in int64 range, a BigInteger in [2^63, 2^64) when unsigned, or null when Go rejects the text. */
    static Object parse(String s) {
        int n = s.length();
        int i = 0;
        char sign = 0;
        if (n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            sign = s.charAt(0);
            i = 1;
        }
        if (i >= n) {
            return null;
        }
        int base = 10;
        if (s.charAt(i) == '0') {
            char prefix = n - i >= 3 ? s.charAt(i + 1) : 0;
            switch (prefix) {
                case 'b', 'B' -> { base = 2; i += 2; }
                case 'o', 'O' -> { base = 8; i += 2; }
                case 'x', 'X' -> { base = 16; i += 2; }
                default -> { base = 8; i += 1; }
            }
        }
        long limit = Long.divideUnsigned(-1L, base); // the largest value that can still take one more digit
        long value = 0; // unsigned 64-bit
        for (; i < n; i++) {
            int digit = digit(s.charAt(i));
            if (digit >= base || Long.compareUnsigned(value, limit) > 0) {
                return null;
            }
            long next = value * base + digit;
            if (Long.compareUnsigned(next, value * base) < 0) {
                return null; // carried past 64 bits
            }
            value = next;
        }
        if (sign == '-') {
            return Long.compareUnsigned(value, Long.MIN_VALUE) <= 0 ? -value : null;
        }
        if (value >= 0) {
            return value;
        }
        return sign == 0 ? new BigInteger(Long.toUnsignedString(value)) : null;
    }

    /** The value of an ASCII digit or letter (a/A = 10), or 99 for anything else. */
    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        return 99;
    }
}
