package dev.nearlight.explore.sweep;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Randomises a Sobol sequence by Matoušek's random linear matrix scramble plus a random digital shift, drawn from the
 * sweep's seed. Each coordinate's 52 binary digits {@code x_1..x_52} (most significant first) become {@code y_i =
 * x_i + sum_{j<i} M_ij x_j + d_i (mod 2)} with {@code M} random lower-triangular over GF(2) with a unit diagonal and
 * {@code d} a random digit vector. The map is a bijection on each digit prefix, so every (t, m, s)-net of the
 * sequence stays a (t, m, s)-net (the balance that makes Sobol points better than random ones is kept), while each
 * point is uniform on [0, 1)^d over seeds: estimates become unbiased and their spread across seeds is an error bar.
 * Owen, "Monte Carlo variance of scrambled net quadrature" (SIAM J. Numer. Anal. 1997); Matoušek, "On the L2
 * discrepancy for anchored boxes" (J. Complexity 1998).
 */
final class DigitalScramble {
    /** Hipparchus's Sobol generator returns integers over 2^52. */
    static final int BITS = 52;

    private static final long MASK = (1L << BITS) - 1;
    /** rows[k][i]: the digits that feed output digit i (bit BITS-1-i) of coordinate k. */
    private final long[][] rows;

    private final long[] shift;

    /** A scramble of {@code dimension} coordinates drawn from {@code seed}. */
    DigitalScramble(int dimension, long seed) {
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom")
                .create(Sampler.mix(seed ^ 0x534F424F4C5F5343L)); // "SOBOL_SC"
        rows = new long[dimension][BITS];
        shift = new long[dimension];
        for (int k = 0; k < dimension; k++) {
            for (int i = 0; i < BITS; i++) {
                int bit = BITS - 1 - i;
                long above = bit == BITS - 1 ? 0 : (r.nextLong() & MASK) & ~((1L << (bit + 1)) - 1);
                rows[k][i] = above | (1L << bit);
            }
            shift[k] = r.nextLong() & MASK;
        }
    }

    /** Scrambles a point of the sequence in place and returns it. */
    double[] apply(double[] u) {
        for (int k = 0; k < u.length; k++) {
            long x = (long) Math.floor(Math.scalb(u[k], BITS)) & MASK;
            long y = 0;
            long[] m = rows[k];
            for (int i = 0; i < BITS; i++) {
                y |= (long) (Long.bitCount(m[i] & x) & 1) << (BITS - 1 - i);
            }
            y ^= shift[k];
            double v = Math.scalb((double) y, -BITS);
            assert v >= 0 && v < 1 : "scrambled coordinate outside [0, 1): " + v;
            u[k] = v;
        }
        return u;
    }
}
