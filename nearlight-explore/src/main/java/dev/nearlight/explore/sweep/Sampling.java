package dev.nearlight.explore.sweep;

import dev.nearlight.explore.scenario.ScenarioEnum;
import java.io.Serializable;

/**
 * How design points are drawn from the axes.
 *
 * @param method the sampling method
 * @param points number of samples (random, lhs, sobol) or of base samples N (saltelli: N (d + 2) points); ignored by
 *     grid
 * @param seed root seed of the random streams (random, lhs) and of the scramble (sobol, saltelli)
 * @param scramble whether sobol and saltelli points are randomised by a seeded linear matrix scramble and digital
 *     shift ({@link DigitalScramble}); ignored by the other methods
 */
public record Sampling(Method method, long points, long seed, boolean scramble) implements Serializable {
    /** Sobol and Saltelli points are scrambled unless a sweep file says {@code scramble: false}. */
    public static final boolean DEFAULT_SCRAMBLE = true;

    /** A sampling plan with the default scramble. */
    public Sampling(Method method, long points, long seed) {
        this(method, points, seed, DEFAULT_SCRAMBLE);
    }

    /** The sampling methods. */
    public enum Method implements ScenarioEnum {
        /** Every combination of the axes' grid values. */
        GRID("grid"),
        /** Independent uniform samples, one random stream per point. */
        RANDOM("random"),
        /** Latin hypercube: each axis cut into N strata, each stratum sampled once. */
        LHS("lhs"),
        /** The Sobol low-discrepancy sequence (Joe-Kuo direction numbers, Hipparchus), starting after the origin. */
        SOBOL("sobol"),
        /** Saltelli's design for Sobol sensitivity indices: blocks A, B, A_B^1..A_B^d from a 2d-dim Sobol sequence. */
        SALTELLI("saltelli");

        private final String id;

        Method(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }
    }
}
