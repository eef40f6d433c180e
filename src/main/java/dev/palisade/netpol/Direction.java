package dev.palisade.netpol;

/** The direction of traffic as seen from the selected pod: INGRESS into it, EGRESS out of it. */
public enum Direction {
    INGRESS, EGRESS;

    /** The spelling of Kubernetes policyTypes and Calico types: {@code Ingress}, {@code Egress}. */
    public String apiName() {
        return this == INGRESS ? "Ingress" : "Egress";
    }

    public String lower() {
        return this == INGRESS ? "ingress" : "egress";
    }
}
