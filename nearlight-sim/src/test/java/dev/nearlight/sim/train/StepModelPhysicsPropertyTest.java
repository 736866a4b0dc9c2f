package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.nearlight.core.InputException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Over seeded random layouts of every model preset on every accelerator, the step model either refuses the layout as
 * bad input (one {@link InputException}) or returns a step that satisfies what physics allows ({@link StepResult}'s
 * constructor asserts finite, non-negative times, MFU <= HFU <= 1 and fractions in [0, 1]) whose parts add up to it
 * and which no faster network makes slower; it never fails otherwise.
 */
class StepModelPhysicsPropertyTest {
    private static final int[] DEGREES = {1, 2, 4, 8, 16};
    private static final Precision[] PRECISIONS = {Precision.BF16, Precision.FP8};

    @Test
    void everyLayoutIsRefusedAsInputOrPricedWithinPhysics() {
        AcceleratorCatalog catalog = AcceleratorCatalog.load();
        List<String> models = ModelSpec.presetIds();
        List<String> gpus = catalog.ids();
        SplittableRandom rnd = new SplittableRandom(20261204L);
        int priced = 0;
        int refused = 0;
        for (int i = 0; i < 400; i++) {
            String modelId = models.get(rnd.nextInt(models.size()));
            String gpuId = gpus.get(rnd.nextInt(gpus.size()));
            Precision precision = PRECISIONS[rnd.nextInt(PRECISIONS.length)];
            int tp = DEGREES[rnd.nextInt(4)];
            int pp = DEGREES[rnd.nextInt(5)];
            int cp = DEGREES[rnd.nextInt(2)];
            int dp = DEGREES[rnd.nextInt(5)];
            int mbs = 1 + rnd.nextInt(2);
            int vpp = pp > 1 ? 1 + rnd.nextInt(3) : 1;
            String label = modelId + " on " + gpuId + " " + precision + " tp" + tp + " pp" + pp + " vpp" + vpp + " cp"
                    + cp + " dp" + dp + " mbs" + mbs;
            try {
                ModelSpec m = ModelSpec.preset(modelId).withPrecision(precision);
                Parallelism par = Parallelism.builder()
                        .tp(tp)
                        .pp(pp)
                        .vpp(vpp)
                        .cp(cp)
                        .dp(dp)
                        .microBatch(mbs)
                        .globalBatch(dp * mbs * pp * 4)
                        .sequenceParallel(tp > 1)
                        .recompute(rnd.nextBoolean() ? Recompute.FULL : Recompute.SELECTIVE)
                        .dpSharding(rnd.nextBoolean() ? DpSharding.ZERO1 : DpSharding.ZERO3)
                        .build();
                AcceleratorSpec acc = catalog.get(gpuId);
                StepResult r = TrainingStepModel.estimate(TrainingJob.of(m, par, acc));
                // more scale-out bandwidth never slows a step (twice the NIC rate, same NICs)
                ClusterNetwork net = ClusterNetwork.defaultFor(acc);
                ClusterNetwork faster = net.withNics(net.nicsPerGpu(), 2 * net.nicRateGbps());
                StepResult f = TrainingStepModel.estimate(new TrainingJob(m, par, acc, faster, null, 1e12, null));
                assertThat(f.stepTimeS())
                        .as(label + " at twice the NIC rate")
                        .isLessThanOrEqualTo(r.stepTimeS() * (1 + 1e-9));
                // the constructor asserted the invariants; check the breakdown adds up to the step, as documented
                double parts = r.computeS()
                        + r.tpCommS()
                        + r.cpCommS()
                        + r.epCommS()
                        + r.ppCommS()
                        + r.dpCommS()
                        + r.bubbleS()
                        + r.optimizerS()
                        + r.offloadS();
                assertThat(parts)
                        .as(label)
                        .isCloseTo(r.stepTimeS(), org.assertj.core.data.Percentage.withPercentage(1e-6));
                priced++;
            } catch (InputException e) {
                assertThat(e.getMessage()).as(label).doesNotContain("\n").isNotBlank();
                refused++;
            } catch (RuntimeException e) {
                fail(label + ": " + e, e);
            }
        }
        // the draw must exercise both outcomes, or the property says nothing
        assertThat(priced).isGreaterThan(40);
        assertThat(refused).isGreaterThan(40);
    }
}
