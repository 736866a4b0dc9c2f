package dev.nearlight.sim.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hotter coolant means more interruptions: the coolant temperature flows through the core link model's thermal model
 * into the laser FIT. Strict for technologies with lasers in the module or engine; external laser sources of
 * liquid-cooled engines sit in faceplate air, so for them (and copper) the count must merely not fall. Hotter lasers
 * also wear out faster, so more failing links are announced by eroding margin and drained before they fail.
 */
class CoolantPropertyTest {
    private static final FabricInventory INV = TestInventories.railFatTree(2048, 8, 64, 2);
    private static final List<String> INTERNAL_LASERS = List.of("pluggable", "lpo", "lro", "npo");
    private static final List<String> OTHERS = List.of("npo-els", "cpo", "cpo-switch", "copper");

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 8);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void hotterCoolantNeverLowersInterruptions(long seed) {
        RandomGenerator g = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        double cool = 15 + 30 * g.nextDouble();
        double hot = cool + 1 + 20 * g.nextDouble();
        double rate = 1600;
        DefaultClusterFactory cf = DefaultClusterFactory.standard(new OpticsConditions(rate, cool));
        DefaultClusterFactory hf = DefaultClusterFactory.standard(new OpticsConditions(rate, hot));
        JobSpec job = cf.defaultJob(INV, 0.5, false);
        AnalyticalReliability a = new AnalyticalReliability();
        for (String id : INTERNAL_LASERS) {
            double c = a.estimate(cf.build(id, INV, job, Sensitivity.NONE), 5)
                    .interruptionsPerDay()
                    .mean();
            double h = a.estimate(hf.build(id, INV, job, Sensitivity.NONE), 5)
                    .interruptionsPerDay()
                    .mean();
            assertThat(h).as("%s at %.1f vs %.1f C", id, hot, cool).isGreaterThan(c);
            assertThat(hf.opticsFacts(id, Sensitivity.NONE).laserFit())
                    .isGreaterThan(cf.opticsFacts(id, Sensitivity.NONE).laserFit());
            // a hotter laser wears out faster: its share of the part's failures, announced by eroding margin, grows,
            // so more links are drained before they fail (planned stops, default drainBeforeFailure on)
            assertThat(job.policy().drainBeforeFailure()).isTrue();
            double cd = a.estimate(cf.build(id, INV, job, Sensitivity.NONE), 5)
                    .plannedInterruptionsPerDay()
                    .mean();
            double hd = a.estimate(hf.build(id, INV, job, Sensitivity.NONE), 5)
                    .plannedInterruptionsPerDay()
                    .mean();
            assertThat(hd).as("drains of %s at %.1f vs %.1f C", id, hot, cool).isGreaterThan(cd);
            assertThat(hf.opticsFacts(id, Sensitivity.NONE).laserShare())
                    .isGreaterThan(cf.opticsFacts(id, Sensitivity.NONE).laserShare());
        }
        for (String id : OTHERS) {
            double c = a.estimate(cf.build(id, INV, job, Sensitivity.NONE), 5)
                    .interruptionsPerDay()
                    .mean();
            double h = a.estimate(hf.build(id, INV, job, Sensitivity.NONE), 5)
                    .interruptionsPerDay()
                    .mean();
            assertThat(h).as("%s at %.1f vs %.1f C", id, hot, cool).isGreaterThanOrEqualTo(c);
        }
    }
}
