package dev.nearlight.sim.net;

/**
 * Minimum-hop routing with equal-cost multipath: at every hop the next link is picked among all links that stay on a
 * shortest path, by a hash of (salt, src, dst, flow label, hop). The salt comes from the run's random stream, so ECMP
 * collisions are reproducible per seed, as with real per-flow (5-tuple) hashing. Holds search scratch arrays, so one
 * instance must not be used by two threads at once (create one per simulation).
 */
public final class EcmpRouting extends MinHopRouting {
    private final long salt;

    /** Routes on {@code topology} with the given ECMP hash salt. */
    public EcmpRouting(NetworkTopology topology, long salt) {
        super(topology);
        this.salt = salt;
    }

    @Override
    int pick(int src, int dst, int label, int hop, int count, long divisor) {
        long h0 = mix(salt ^ (src * 0x9E3779B97F4A7C15L) ^ (dst * 0xC2B2AE3D27D4EB4FL) ^ (label * 0x165667B19E3779F9L));
        return (int) Long.remainderUnsigned(mix(h0 + hop), count);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
