package dev.nearlight.explore.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Saltelli/Jansen estimators on the Ishigami function f = sin x1 + a sin^2 x2 + b x3^4 sin x1 (x_i uniform on
 * [-pi, pi], a = 7, b = 0.1), whose indices are known in closed form (Ishigami and Homma 1990; Saltelli et al. 2008,
 * Global Sensitivity Analysis: The Primer, section 4.6): V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2 = 13.8446,
 * S1 = (b pi^4/5 + b^2 pi^8/50 + 1/2)/V = 0.3139, S2 = (a^2/8)/V = 0.4424, S3 = 0, ST1 = 0.5576, ST2 = 0.4424,
 * ST3 = (8 b^2 pi^8/225)/V = 0.2437. The inputs come from the sweep's own Saltelli sampler over three range axes.
 */
class SobolIndicesTest {
    static double ishigami(double x1, double x2, double x3) {
        return Math.sin(x1) + 7 * Math.pow(Math.sin(x2), 2) + 0.1 * Math.pow(x3, 4) * Math.sin(x1);
    }

    @Test
    void ishigamiIndices() {
        double a = 7;
        double b = 0.1;
        double pi4 = Math.pow(Math.PI, 4);
        double pi8 = Math.pow(Math.PI, 8);
        double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
        double s1 = (b * pi4 / 5 + b * b * pi8 / 50 + 0.5) / v;
        double s2 = a * a / 8 / v;
        double st3 = 8 * b * b * pi8 / 225 / v;
        assertThat(v).isCloseTo(13.8446, within(1e-3));
        assertThat(s1).isCloseTo(0.3139, within(1e-4));

        List<Axis> axes = List.of(axis("x1"), axis("x2"), axis("x3"));
        int n = 1 << 13;
        Sampler sampler = new Sampler(axes, new Sampling(Sampling.Method.SALTELLI, n, 1));
        List<DesignPoint> points = sampler.points(0, sampler.size());
        assertThat(points).hasSize(n * 5);
        double[] fa = new double[n];
        double[] fb = new double[n];
        double[][] fab = new double[3][n];
        for (int j = 0; j < n; j++) {
            fa[j] = f(points.get(j * 5));
            fb[j] = f(points.get(j * 5 + 1));
            for (int i = 0; i < 3; i++) {
                fab[i][j] = f(points.get(j * 5 + 2 + i));
            }
        }
        SobolIndices idx = SobolIndices.estimate(fa, fb, fab);
        assertThat(idx.variance()).isCloseTo(v, within(0.3));
        assertThat(idx.first()[0]).isCloseTo(s1, within(0.02));
        assertThat(idx.first()[1]).isCloseTo(s2, within(0.02));
        assertThat(idx.first()[2]).isCloseTo(0, within(0.02));
        assertThat(idx.total()[0]).isCloseTo(1 - s2, within(0.02));
        assertThat(idx.total()[1]).isCloseTo(s2, within(0.02));
        assertThat(idx.total()[2]).isCloseTo(st3, within(0.02));
    }

    @Test
    void saltelliBlocksShareColumnsOfAAndB() {
        List<Axis> axes = List.of(axis("x1"), axis("x2"));
        List<DesignPoint> p = new Sampler(axes, new Sampling(Sampling.Method.SALTELLI, 3, 1)).points(0, 12);
        for (int j = 0; j < 3; j++) {
            DesignPoint a = p.get(j * 4);
            DesignPoint bb = p.get(j * 4 + 1);
            assertThat(p.get(j * 4 + 2).values())
                    .containsExactly(bb.values().get(0), a.values().get(1));
            assertThat(p.get(j * 4 + 3).values())
                    .containsExactly(a.values().get(0), bb.values().get(1));
        }
        // a range started mid-block gives the same points as the full sequence
        assertThat(new Sampler(axes, new Sampling(Sampling.Method.SALTELLI, 3, 1)).points(5, 12))
                .isEqualTo(p.subList(5, 12));
    }

    @Test
    void sobolPointsStartAfterTheOrigin() {
        // the 1-D Sobol sequence is 0, 1/2, 3/4, 1/4, 3/8, ...: point i is element i + 1, from any starting id
        List<Axis> axes = List.of(new Axis(FieldPath.parse("x"), Axis.Kind.RANGE, List.of(), 0, 1, 5, false));
        Sampler s = new Sampler(axes, new Sampling(Sampling.Method.SOBOL, 4, 1, false));
        assertThat(s.points(0, 4))
                .extracting(p -> p.values().get(0).asDouble())
                .containsExactly(0.5, 0.75, 0.25, 0.375);
        assertThat(s.points(2, 4)).extracting(p -> p.values().get(0).asDouble()).containsExactly(0.25, 0.375);
    }

    private static double f(DesignPoint p) {
        List<JsonNode> v = p.values();
        return ishigami(v.get(0).asDouble(), v.get(1).asDouble(), v.get(2).asDouble());
    }

    private static Axis axis(String name) {
        return new Axis(FieldPath.parse(name), Axis.Kind.RANGE, List.of(), -Math.PI, Math.PI, 5, false);
    }
}
