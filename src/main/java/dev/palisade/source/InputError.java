package dev.palisade.source;

/** Input that could not be read as Kubernetes objects: where (file, line; 0 when unknown) and what is wrong. */
public record InputError(String file, int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
