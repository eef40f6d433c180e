package dev.palisade.enforcer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One {@code hash:net} set of peer addresses: pod IPs as /32 and CIDRs, with {@code nomatch} entries for the
 * {@code except} holes of one ipBlock (hash:net picks the most specific entry, so a hole wins inside its block).
 *
 * <p>The name is derived from the content ({@code PALISADE-} and 16 hex digits of its SHA-256). A change of
 * membership therefore makes a new set that the new rules name; the old set stays untouched under the old rules until
 * the rules switch atomically, and is destroyed after. A failed apply never changes what the last good ruleset
 * matches, which a swap of a shared set in place would.
 */
public record IpSet(String name, List<String> entries) {
    public static final String PREFIX = "PALISADE-";

    public static IpSet of(List<String> entries) {
        List<String> sorted = entries.stream().distinct().sorted().toList();
        return new IpSet(PREFIX + digest(String.join("\n", sorted)), sorted);
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
