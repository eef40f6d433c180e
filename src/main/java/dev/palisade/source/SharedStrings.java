package dev.palisade.source;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance of each equal string among the objects of one file. Field names and field paths repeat in every object
 * ({@code spec.template.spec.containers[0].image} once per workload), and so do most short values; sharing them is
 * about a third of the memory a large input keeps, and less for the collector to copy. Safe from any thread.
 */
final class SharedStrings {
    /** Longer values are mostly unique (certificates, scripts, JSON): not worth an entry. */
    private static final int MAX_VALUE_LENGTH = 64;

    private final ConcurrentHashMap<String, String> strings = new ConcurrentHashMap<>();

    /** The shared instance of a field name or field path. */
    String of(String text) {
        String shared = strings.get(text);
        if (shared != null) {
            return shared;
        }
        shared = strings.putIfAbsent(text, text);
        return shared == null ? text : shared;
    }

    /** The shared instance of a short scalar value, or the value itself. */
    String value(String text) {
        return text.length() > MAX_VALUE_LENGTH ? text : of(text);
    }
}
