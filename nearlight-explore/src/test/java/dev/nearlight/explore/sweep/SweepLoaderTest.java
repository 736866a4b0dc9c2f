package dev.nearlight.explore.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import dev.nearlight.explore.compare.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep files load into axes and plans, and every mistake is one located line with its fix. */
class SweepLoaderTest {
    @TempDir
    Path dir;

    @Test
    void loadsAxesSamplingConstraintsAndObjectives() throws IOException {
        SweepFile s = SweepLoader.load(SweepTestFiles.write(dir, """
                sampling: {method: lhs, points: 40, seed: 9}
                axes:
                  - path: cluster.fabric.rate
                    values: [400G, 800G]
                  - path: economics.electricityUsdPerKwh
                    range: [0.05, 0.15]
                  - path: alternatives[*].switchRadix
                    log: [32, 128]
                    integer: true
                constraints:
                  - {metric: fabricPowerKw, max: 500}
                objectives: [costPerModelUsd, mfu]
                """));
        assertThat(s.axes())
                .extracting(Axis::name)
                .containsExactly(
                        "cluster.fabric.rate", "economics.electricityUsdPerKwh", "alternatives[*].switchRadix");
        assertThat(s.axes().get(0).numeric()).isFalse();
        assertThat(s.axes().get(2).valueAt(0.5).asLong()).isEqualTo(64); // exp((ln 32 + ln 128) / 2) = 64
        assertThat(s.sampling()).isEqualTo(new Sampling(Sampling.Method.LHS, 40, 9));
        assertThat(s.constraints()).containsExactly(new Constraint(Metric.FABRIC_POWER, Double.NaN, 500));
        assertThat(s.objectives()).containsExactly(Metric.COST_PER_MODEL, Metric.MFU);
        assertThat(new Sampler(s).size()).isEqualTo(40);
    }

    @Test
    void gridSizeIsTheProductOfTheAxes() throws IOException {
        SweepFile s = SweepLoader.load(SweepTestFiles.write(dir, """
                axes:
                  - {path: cluster.fabric.rate, values: [400G, 800G, 1.6T]}
                  - {path: economics.pue, range: [1.1, 1.5], steps: 5}
                objectives: [costPerModelUsd]
                """));
        Sampler sampler = new Sampler(s);
        assertThat(sampler.size()).isEqualTo(15);
        // last axis fastest: point 7 = rate index 1, pue index 2 -> 800G, 1.3
        DesignPoint p = sampler.points(7, 8).get(0);
        assertThat(p.values().get(0).asText()).isEqualTo("800G");
        assertThat(p.values().get(1).asDouble()).isEqualTo(1.1 + 0.5 * 0.4);
        // the seed defaults to the base scenario's seed
        assertThat(s.sampling().seed()).isEqualTo(7);
    }

    @Test
    void mistakesAreLocatedWithTheirFix() throws IOException {
        record Case(String body, String expected) {}
        List<Case> cases = List.of(
                new Case(
                        "axes:\n  - {path: cluster.fabric.rate, valuez: [400G]}\nobjectives: [mfu]\n",
                        "s.yaml:4:33: axes[0].valuez: unknown field (did you mean values? allowed: path, values, range,"
                                + " log, steps, integer)"),
                new Case(
                        "axes:\n  - {path: \"workloads[3].tp\", values: [8]}\nobjectives: [mfu]\n",
                        "s.yaml:4:6: axes[0].path: workloads has 1 element(s), no index 3 (name a field of the base"
                                + " scenario (docs/scenario.md))"),
                new Case(
                        "axes:\n  - {path: economics.pue, range: [1.5, 1.1]}\nobjectives: [mfu]\n",
                        "s.yaml:4:27: axes[0].range: from 1.5 is not below to 1.1 (write range: [low, high])"),
                new Case(
                        "axes:\n  - {path: economics.pue, range: [1.1, 1.5]}\nobjectives: [costPerModel]\n",
                        "s.yaml:5:14: objectives[0]: unknown metric 'costPerModel' (closest: costPerModelUsd"),
                new Case(
                        "sampling: {method: halton, points: 4}\naxes:\n  - {path: economics.pue, range: [1, 2]}\n"
                                + "objectives: [mfu]\n",
                        "s.yaml:3:12: sampling.method: unknown value 'halton' (allowed: grid, random, lhs, sobol,"
                                + " saltelli)"),
                new Case(
                        "sampling: {method: sobol}\naxes:\n  - {path: economics.pue, range: [1, 2]}\nobjectives: [mfu]\n",
                        "s.yaml:3:1: sampling.points: missing required field (give the number of samples, e.g."
                                + " points: 1024)"),
                new Case(
                        "sampling: {method: sobol, points: 8, scramble: maybe}\naxes:\n  - {path: economics.pue, range:"
                                + " [1, 2]}\nobjectives: [mfu]\n",
                        "s.yaml:3:38: sampling.scramble: 'maybe' is not true or false (e.g. scramble: false for the"
                                + " plain Sobol sequence)"),
                new Case(
                        "sampling: {method: lhs, points: 8, scramble: true}\naxes:\n  - {path: economics.pue, range:"
                                + " [1, 2]}\nobjectives: [mfu]\n",
                        "s.yaml:3:36: sampling.scramble: only sobol and saltelli points are scrambled (remove"
                                + " scramble)"));
        for (int i = 0; i < cases.size(); i++) {
            Path sub = dir.resolve("c" + i);
            java.nio.file.Files.createDirectories(sub);
            Path f = SweepTestFiles.write(sub, cases.get(i).body());
            String expected = sub.resolve("s.yaml") + cases.get(i).expected().substring("s.yaml".length());
            assertThatThrownBy(() -> SweepLoader.load(f))
                    .isInstanceOf(InputException.class)
                    .hasMessageStartingWith(expected);
        }
    }
}
