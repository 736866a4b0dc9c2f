package dev.nearlight.explore.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.hipparchus.random.SobolSequenceGenerator;

/**
 * Draws the design points of a sweep. Point {@code i} depends only on the sweep and its seed, never on which thread,
 * engine or partition computes it, so a resumed or distributed sweep evaluates exactly the same points: grid points
 * decode {@code i} in mixed radix (last axis fastest); random points take their own {@code L64X128MixRandom} stream
 * seeded from (seed, i); Latin hypercube points take their stratum from a per-axis permutation drawn from the seed;
 * Sobol points are the {@code (i+1)}-th vector of the sequence (the origin is skipped), scrambled from the seed unless
 * the sweep says otherwise ({@link DigitalScramble}); Saltelli points come in blocks of d + 2 per base sample j: A_j,
 * B_j, then A_j with axis k taken from B_j for k = 1..d, from the (scrambled) 2d-dimensional sequence.
 */
public final class Sampler {
    private static final RandomGeneratorFactory<RandomGenerator> RNG = RandomGeneratorFactory.of("L64X128MixRandom");
    private final List<Axis> axes;
    private final Sampling sampling;
    private final List<List<JsonNode>> grid = new ArrayList<>();
    private int[][] lhsStrata;
    /** One Sobol generator per thread: building one reads Hipparchus's direction-number table. */
    private final ThreadLocal<SobolSequenceGenerator> sobol = new ThreadLocal<>();
    /** The seeded scramble of the Sobol (d) or Saltelli (2d) sequence, or null when unscrambled. */
    private final DigitalScramble scramble;

    /** A sampler over the sweep's axes and sampling plan. */
    public Sampler(SweepFile sweep) {
        this(sweep.axes(), sweep.sampling());
    }

    /** A sampler over {@code axes} with {@code sampling}. */
    public Sampler(List<Axis> axes, Sampling sampling) {
        this.axes = List.copyOf(axes);
        this.sampling = sampling;
        if (sampling.method() == Sampling.Method.GRID) {
            axes.forEach(a -> grid.add(a.gridValues()));
        }
        boolean quasi = sampling.method() == Sampling.Method.SOBOL || sampling.method() == Sampling.Method.SALTELLI;
        int dims = sampling.method() == Sampling.Method.SALTELLI ? 2 * axes.size() : axes.size();
        this.scramble = quasi && sampling.scramble() ? new DigitalScramble(dims, sampling.seed()) : null;
    }

    /** The number of design points. */
    public long size() {
        return switch (sampling.method()) {
            case GRID -> grid.stream().mapToLong(List::size).reduce(1, Math::multiplyExact);
            case SALTELLI -> sampling.points() * (axes.size() + 2);
            default -> sampling.points();
        };
    }

    /** Points {@code from} (inclusive) to {@code to} (exclusive), in id order. */
    public List<DesignPoint> points(long from, long to) {
        List<DesignPoint> out = new ArrayList<>((int) Math.max(0, to - from));
        switch (sampling.method()) {
            case GRID -> {
                for (long i = from; i < to; i++) {
                    out.add(gridPoint(i));
                }
            }
            case RANDOM -> {
                for (long i = from; i < to; i++) {
                    out.add(at(i, randomUnit(i)));
                }
            }
            case LHS -> {
                int[][] strata = lhsStrata();
                for (long i = from; i < to; i++) {
                    double[] u = randomUnit(i);
                    for (int k = 0; k < u.length; k++) {
                        u[k] = (strata[k][(int) i] + u[k]) / sampling.points();
                    }
                    out.add(at(i, u));
                }
            }
            case SOBOL -> {
                if (from < to) {
                    SobolSequenceGenerator g = sobol(axes.size());
                    out.add(at(from, scrambled(g.skipTo((int) from + 1))));
                    for (long i = from + 1; i < to; i++) {
                        out.add(at(i, scrambled(g.nextVector())));
                    }
                }
            }
            case SALTELLI -> {
                int d = axes.size();
                if (from < to) {
                    SobolSequenceGenerator g = sobol(2 * d);
                    long block = from / (d + 2);
                    double[] v = scrambled(g.skipTo((int) block + 1));
                    for (long i = from; i < to; i++) {
                        long j = i / (d + 2);
                        if (j != block) {
                            block = j;
                            v = scrambled(g.nextVector());
                        }
                        out.add(at(i, saltelli(v, (int) (i % (d + 2)), d)));
                    }
                }
            }
            default -> throw new IllegalStateException("unknown sampling " + sampling.method());
        }
        return out;
    }

    private double[] scrambled(double[] v) {
        return scramble == null ? v : scramble.apply(v);
    }

    /** This thread's generator; a sampler always asks for the same dimension (d for sobol, 2d for saltelli). */
    private SobolSequenceGenerator sobol(int dimension) {
        SobolSequenceGenerator g = sobol.get();
        if (g == null) {
            g = new SobolSequenceGenerator(dimension);
            sobol.set(g);
        }
        return g;
    }

    /** The unit coordinates of member {@code k} of a Saltelli block built from the 2d-dim vector {@code v}. */
    static double[] saltelli(double[] v, int k, int d) {
        double[] u = new double[d];
        for (int a = 0; a < d; a++) {
            double fromA = v[a];
            double fromB = v[d + a];
            u[a] = k == 1 || (k >= 2 && a == k - 2) ? fromB : fromA;
        }
        return u;
    }

    private DesignPoint gridPoint(long id) {
        List<JsonNode> values = new ArrayList<>(axes.size());
        long rest = id;
        JsonNode[] picked = new JsonNode[axes.size()];
        for (int k = axes.size() - 1; k >= 0; k--) {
            List<JsonNode> g = grid.get(k);
            picked[k] = g.get((int) (rest % g.size()));
            rest /= g.size();
        }
        for (JsonNode n : picked) {
            values.add(n);
        }
        return new DesignPoint(id, values);
    }

    private DesignPoint at(long id, double[] u) {
        List<JsonNode> values = new ArrayList<>(axes.size());
        for (int k = 0; k < axes.size(); k++) {
            values.add(axes.get(k).valueAt(u[k]));
        }
        return new DesignPoint(id, values);
    }

    private double[] randomUnit(long id) {
        RandomGenerator r = RNG.create(mix(sampling.seed() + (id + 1) * 0x9E3779B97F4A7C15L));
        double[] u = new double[axes.size()];
        for (int k = 0; k < u.length; k++) {
            u[k] = r.nextDouble();
        }
        return u;
    }

    private synchronized int[][] lhsStrata() {
        if (lhsStrata == null) {
            if (sampling.points() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Latin hypercube sampling holds at most 2^31 - 1 points");
            }
            int n = (int) sampling.points();
            RandomGenerator.SplittableGenerator root =
                    (RandomGenerator.SplittableGenerator) RNG.create(mix(sampling.seed() ^ 0x4C48535F53454544L));
            int[][] s = new int[axes.size()][];
            for (int k = 0; k < s.length; k++) {
                RandomGenerator r = root.split();
                int[] p = new int[n];
                for (int i = 0; i < n; i++) {
                    p[i] = i;
                }
                for (int i = n - 1; i > 0; i--) {
                    int j = r.nextInt(i + 1);
                    int t = p[i];
                    p[i] = p[j];
                    p[j] = t;
                }
                s[k] = p;
            }
            lhsStrata = s;
        }
        return lhsStrata;
    }

    /** SplitMix64's finaliser: spreads consecutive seeds over the whole 64-bit space. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
