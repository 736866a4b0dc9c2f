package dev.nearlight.explore.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.explore.compare.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The streaming archive keeps exactly the rows no other row dominates (checked by brute force on seeded rows). */
class ParetoArchiveTest {
    static SweepRow row(long point, double[] metrics) {
        return new SweepRow(point, "a", "w", List.of(), metrics, SweepRow.OK, true, "");
    }

    /** Rows with random values (some rounded to a coarse grid, so ties and equal vectors occur). */
    static List<SweepRow> randomRows(long seed, int n) {
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        List<SweepRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] m = new double[Metric.values().length];
            for (int k = 0; k < m.length; k++) {
                m[k] = i % 3 == 0 ? Math.floor(r.nextDouble() * 20) / 20 : r.nextDouble();
            }
            if (i % 97 == 0) {
                m[Metric.COST_PER_MODEL.ordinal()] = Double.NaN;
            }
            rows.add(row(i, m));
        }
        return rows;
    }

    static List<SweepRow> bruteForce(List<SweepRow> rows, List<Metric> objectives) {
        List<SweepRow> front = new ArrayList<>();
        for (SweepRow a : rows) {
            if (objectives.stream().anyMatch(m -> Double.isNaN(a.value(m)))) {
                continue;
            }
            boolean dominated = false;
            for (SweepRow b : rows) {
                if (objectives.stream().anyMatch(m -> Double.isNaN(b.value(m)))) {
                    continue;
                }
                boolean noWorse = true;
                boolean better = false;
                for (Metric m : objectives) {
                    double va = m.better().id().equals("higher") ? -a.value(m) : a.value(m);
                    double vb = m.better().id().equals("higher") ? -b.value(m) : b.value(m);
                    noWorse &= vb <= va;
                    better |= vb < va;
                }
                if (noWorse && better) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(a);
            }
        }
        return front;
    }

    @ParameterizedTest
    @CsvSource({"1, 2", "2, 2", "3, 3", "4, 3", "5, 4", "6, 4"})
    void matchesBruteForce(long seed, int k) {
        List<Metric> all = List.of(Metric.COST_PER_MODEL, Metric.MFU, Metric.FABRIC_POWER, Metric.AVAILABILITY);
        List<Metric> objectives = all.subList(0, k);
        List<SweepRow> rows = randomRows(seed, 600);
        ParetoArchive archive = new ParetoArchive(objectives);
        rows.forEach(archive::add);
        List<Long> expected = bruteForce(rows, objectives).stream()
                .map(SweepRow::point)
                .sorted()
                .toList();
        List<Long> actual =
                archive.front().stream().map(SweepRow::point).sorted().toList();
        assertThat(actual).isEqualTo(expected);
        assertThat(expected).hasSizeGreaterThan(1);
    }

    @ParameterizedTest
    @CsvSource({"7", "8"})
    void higherIsBetterObjectivesAreMaximised(long seed) {
        // one objective, higher is better: the front is the rows holding the maximum MFU
        List<SweepRow> rows = randomRows(seed, 300);
        ParetoArchive archive = new ParetoArchive(List.of(Metric.MFU));
        rows.forEach(archive::add);
        double max = rows.stream().mapToDouble(r -> r.value(Metric.MFU)).max().orElseThrow();
        assertThat(archive.front())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.value(Metric.MFU)).isEqualTo(max));
        assertThat(archive.front()).hasSize((int)
                rows.stream().filter(r -> r.value(Metric.MFU) == max).count());
    }
}
