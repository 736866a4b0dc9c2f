package dev.nearlight.explore.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.hipparchus.random.SobolSequenceGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seeded scramble keeps what makes Sobol points good (the first 2^m points of the 2-D sequence are a (0, m, 2)-net:
 * every elementary box of area 2^-m holds exactly one point) and adds what plain Sobol lacks (an unbiased estimate
 * whose spread over seeds is an error bar, far below plain Monte Carlo's).
 */
class DigitalScrambleTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 42, 0xDEADBEEFL})
    void scrambledPointsStayA0m2Net(long seed) {
        int m = 8;
        int n = 1 << m;
        SobolSequenceGenerator g = new SobolSequenceGenerator(2);
        DigitalScramble s = new DigitalScramble(2, seed);
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            p[i] = s.apply(g.nextVector()); // elements 0..2^m - 1, origin included
        }
        for (int a = 0; a <= m; a++) {
            int cols = 1 << a;
            int rows = 1 << (m - a);
            int[] count = new int[cols * rows];
            for (double[] x : p) {
                assertThat(x[0]).isGreaterThanOrEqualTo(0).isLessThan(1);
                assertThat(x[1]).isGreaterThanOrEqualTo(0).isLessThan(1);
                count[(int) (x[0] * cols) * rows + (int) (x[1] * rows)]++;
            }
            int fa = a;
            assertThat(count).as("boxes 2^-%d x 2^-%d", fa, m - fa).containsOnly(1);
        }
    }

    @ValueSource(ints = {64})
    @ParameterizedTest
    void estimatesAreUnbiasedAndTighterThanMonteCarlo(int n) {
        // mean of x^2 over [0,1) is 1/3; plain Monte Carlo with n points has sd sqrt(Var(x^2)/n) = sqrt(4/45/n)
        // = 0.0373 at n = 64. Over 400 seeds the scrambled estimate must centre on 1/3 (standard error of the
        // mean across seeds is tiny) and spread far less than Monte Carlo.
        int seeds = 400;
        double[] est = new double[seeds];
        for (int k = 0; k < seeds; k++) {
            SobolSequenceGenerator g = new SobolSequenceGenerator(1);
            DigitalScramble s = new DigitalScramble(1, 1000 + k);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double x = s.apply(g.nextVector())[0];
                sum += x * x;
            }
            est[k] = sum / n;
        }
        double mean = Arrays.stream(est).average().orElseThrow();
        double sd =
                Math.sqrt(Arrays.stream(est).map(e -> (e - mean) * (e - mean)).sum() / (seeds - 1));
        double mcSd = Math.sqrt(4.0 / 45 / n);
        assertThat(Math.abs(mean - 1.0 / 3)).isLessThan(4 * sd / Math.sqrt(seeds) + 1e-12);
        assertThat(sd).isGreaterThan(0).isLessThan(0.1 * mcSd);
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 99})
    void theSeedChoosesTheScrambleAndResumingIsExact(long seed) {
        List<Axis> axes = List.of(
                new Axis(FieldPath.parse("x"), Axis.Kind.RANGE, List.of(), 0, 1, 5, false),
                new Axis(FieldPath.parse("y"), Axis.Kind.RANGE, List.of(), 0, 1, 5, false));
        Sampler a = new Sampler(axes, new Sampling(Sampling.Method.SOBOL, 100, seed));
        Sampler same = new Sampler(axes, new Sampling(Sampling.Method.SOBOL, 100, seed));
        Sampler other = new Sampler(axes, new Sampling(Sampling.Method.SOBOL, 100, seed + 1));
        Sampler plain = new Sampler(axes, new Sampling(Sampling.Method.SOBOL, 100, seed, false));
        List<DesignPoint> all = a.points(0, 100);
        assertThat(same.points(37, 100)).isEqualTo(all.subList(37, 100));
        assertThat(other.points(0, 100)).isNotEqualTo(all);
        assertThat(plain.points(0, 100)).isNotEqualTo(all);
    }
}
