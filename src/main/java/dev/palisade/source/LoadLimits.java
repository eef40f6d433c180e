package dev.palisade.source;

/**
 * Fixed bounds on what the loader accepts, so that an alias bomb, a deeply nested or a huge document is refused with
 * a clear error instead of exhausting memory. The defaults leave room for the largest real manifests (CRDs with deep
 * OpenAPI schemas, Helm output of whole platforms).
 *
 * @param maxBytes    the largest file or stdin accepted
 * @param maxDepth    the deepest nesting of mappings and sequences
 * @param maxNodes    the most values one document may expand to (aliases counted each time they are used)
 * @param maxAliases  the most aliases to collections one document may use
 */
public record LoadLimits(long maxBytes, int maxDepth, int maxNodes, int maxAliases) {
    public static final LoadLimits DEFAULT = new LoadLimits(32L * 1024 * 1024, 200, 2_000_000, 100);
}
