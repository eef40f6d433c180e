package dev.palisade.enforcer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * One {@code hash:net} set of peer addresses: pod IPs as /32 and CIDRs, with {@code nomatch} entries for the
 * {@code except} holes of one ipBlock (hash:net picks the most specific entry, so a hole wins inside its block).
 *
 * <p>The name is derived from the content ({@code PALISADE-} and 16 hex digits of its SHA-256), so a change of
 * membership makes a new set that the new rules name while the old set stays untouched under the old rules until the
 * rules switch atomically. The name is not proof of the members, though: a restore that stopped half-way or another
 * tool may have changed them, so {@link Firewall} compares {@link #digest()} with the kernel's members
 * ({@link #digestOf}) and refills a set that differs under a temporary name before swapping it in.
 */
public record IpSet(String name, List<String> entries) {
    public static final String PREFIX = "PALISADE-";
    /** Temporary sets are filled under {@code PALISADE-N-} and the 16 hex digits of the set they replace. */
    public static final String TEMPORARY_PREFIX = PREFIX + "N-";

    public static IpSet of(List<String> entries) {
        List<String> sorted = entries.stream().distinct().sorted().toList();
        return new IpSet(PREFIX + sha256(String.join("\n", sorted)), sorted);
    }

    /** The name this set is filled under before the swap. */
    public String temporaryName() {
        return TEMPORARY_PREFIX + name.substring(PREFIX.length());
    }

    /**
     * A digest of the members: the 16 hex digits of the name, which are the hash of the sorted members in the form
     * they are written. Nothing to compute per apply or per drift check: {@link #digestOf} brings the kernel's
     * members back to that form before hashing them.
     */
    public String digest() {
        return name.substring(PREFIX.length());
    }

    /**
     * The digest of members as {@code ipset save} prints them after {@code add NAME }, in any order: each brought
     * back to the form it is written in ({@link #asWritten}), sorted, hashed as {@link #of} hashes a set's members.
     */
    public static String digestOf(Collection<String> savedMembers) {
        return sha256(String.join("\n", savedMembers.stream().map(IpSet::asWritten).sorted().toList()));
    }

    /** {@code 10.0.0.1/32 nomatch} as ipset save prints it: {@code 10.0.0.1 nomatch}. */
    static String asSaved(String entry) {
        int space = entry.indexOf(' ');
        String address = space < 0 ? entry : entry.substring(0, space);
        String rest = space < 0 ? "" : entry.substring(space);
        return (address.endsWith("/32") ? address.substring(0, address.length() - 3) : address) + rest;
    }

    /** The inverse of {@link #asSaved}: {@code 10.0.0.1 nomatch} as it is written, {@code 10.0.0.1/32 nomatch}. */
    static String asWritten(String saved) {
        int space = saved.indexOf(' ');
        String address = space < 0 ? saved : saved.substring(0, space);
        String rest = space < 0 ? "" : saved.substring(space);
        return (address.indexOf('/') < 0 ? address + "/32" : address) + rest;
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
