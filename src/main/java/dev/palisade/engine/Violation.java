package dev.palisade.engine;

/** What a template reports: the field path of the offending field (or the object's own path "") and a message. */
public record Violation(String path, String message) {}
