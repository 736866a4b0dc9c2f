package dev.nearlight.sim.net;

/**
 * A directed link. {@code capacityBytesPerS} is the usable line rate in bytes per second in this direction;
 * {@code latencyNs} is everything a byte spends on this hop once serialised (propagation, switch traversal, FEC/DSP);
 * {@code tag} is free-form (for example "scale-up" or "scale-out") and may be empty.
 */
public record Link(int src, int dst, double capacityBytesPerS, double latencyNs, String tag) {
    public Link {
        if (!(capacityBytesPerS > 0) || Double.isInfinite(capacityBytesPerS)) {
            throw new IllegalArgumentException("capacityBytesPerS must be positive and finite: " + capacityBytesPerS);
        }
        if (!(latencyNs >= 0) || Double.isInfinite(latencyNs)) {
            throw new IllegalArgumentException("latencyNs must be >= 0 and finite: " + latencyNs);
        }
        if (src == dst) {
            throw new IllegalArgumentException("self loop on node " + src);
        }
        tag = tag == null ? "" : tag;
    }
}
