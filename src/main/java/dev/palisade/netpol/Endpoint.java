package dev.palisade.netpol;

/** One end of a connection: a pod of the snapshot, or an address (resolved to a pod when one has that IP). */
public record Endpoint(PodEndpoint pod, String ip) {

    public static Endpoint of(PodEndpoint pod) {
        return new Endpoint(pod, pod.podIP());
    }

    public static Endpoint of(String ip) {
        return new Endpoint(null, ip);
    }

    public boolean isPod() {
        return pod != null;
    }

    @Override
    public String toString() {
        return pod != null ? pod.key() : ip;
    }
}
