package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Physics of overlapped data-parallel traffic over seeded random layouts (dense and mixture-of-experts, with and
 * without interleaving, DDP and the distributed optimizer, four GPUs): overlapping never costs more exposed time than
 * running the same collectives after the backward pass, never less than nothing, and a mixture of experts reduces its
 * expert parameters over exactly the ranks that hold them.
 */
class DataParallelOverlapPropertyTest {
    private static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();

    static Stream<Arguments> layouts() {
        RandomGenerator rng = RandomGeneratorFactory.<RandomGenerator.SplittableGenerator>of("L64X128MixRandom")
                .create(20261204L);
        String[] gpus = {"a100", "h100", "b200", "gb200"};
        DpSharding[] shardings = {DpSharding.NONE, DpSharding.ZERO1, DpSharding.ZERO2};
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            boolean moe = rng.nextBoolean();
            int pp = new int[] {1, 2, 4}[rng.nextInt(3)];
            int vpp = pp > 1 ? new int[] {1, 2, 4}[rng.nextInt(3)] : 1;
            int tp = new int[] {1, 2, 4}[rng.nextInt(3)];
            int dp = new int[] {2, 4, 8, 16}[rng.nextInt(4)];
            int ep = moe ? new int[] {1, 2, 4, 8}[rng.nextInt(4)] : 1;
            if (dp % ep != 0) {
                ep = dp;
            }
            int microBatches = pp * (1 + rng.nextInt(4));
            ModelSpec m = moe
                    ? new ModelSpec("moe", 32, 2048, 5632, 16, 8, 2048, 32000, 8, 2, 5632, true, false, Precision.BF16)
                    : ModelSpec.gpt("dense", 32, 2048, 16, 2048, 51200);
            DpSharding sharding = shardings[rng.nextInt(shardings.length)];
            boolean bf16 = rng.nextBoolean();
            Parallelism overlapped = layout(tp, pp, vpp, dp, ep, microBatches, sharding, bf16, true);
            Parallelism serial = layout(tp, pp, vpp, dp, ep, microBatches, sharding, bf16, false);
            cases.add(Arguments.of(m, overlapped, serial, gpus[rng.nextInt(gpus.length)]));
        }
        return cases.stream();
    }

    private static Parallelism layout(
            int tp, int pp, int vpp, int dp, int ep, int microBatches, DpSharding sharding, boolean bf16, boolean ov) {
        return Parallelism.builder()
                .tp(tp)
                .pp(pp)
                .vpp(vpp)
                .dp(dp)
                .ep(ep)
                .microBatch(1)
                .globalBatch(dp * microBatches)
                .sequenceParallel(tp > 1)
                .dpSharding(sharding)
                .gradReduceBf16(bf16)
                .overlap(ov)
                .build();
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void overlapHidesSomeOfTheTrafficAndNeverAddsToIt(ModelSpec m, Parallelism par, Parallelism serialPar, String gpu) {
        AcceleratorSpec acc = CATALOG.get(gpu);
        StepResult overlapped = TrainingStepModel.estimate(TrainingJob.of(m, par, acc));
        StepResult serial = TrainingStepModel.estimate(TrainingJob.of(m, serialPar, acc));
        assertThat(overlapped.dpCommS()).isGreaterThanOrEqualTo(0);
        // one collective per chunk pays its latency once more than one collective for the rank: 1 ms of slack
        assertThat(overlapped.dpCommS()).isLessThanOrEqualTo(serial.dpCommS() + 1e-3);
        assertThat(overlapped.stepTimeS()).isLessThanOrEqualTo(serial.stepTimeS() + 1e-3);
        // the expert parameters' group: the ranks holding the same experts, dp x cp / ep of them
        TrainingJob job = TrainingJob.of(m, par, acc);
        CommGroup experts = TrainingStepModel.expertDpGroup(job, job.gpus());
        assertThat(experts.size() * (m.isMoe() ? par.ep() : 1)).isEqualTo(par.dp() * par.cp());
        // a rank's optimizer shard holds at least its even share and no more than all it holds
        double params = TrainingStepModel.rankParams(m, par, 0);
        double shard = TrainingStepModel.shardedParams(params, TrainingStepModel.rankExpertParams(m, par, 0), par);
        assertThat(shard).isBetween(params / (par.dp() * par.cp()) * (1 - 1e-12), params * (1 + 1e-12));
    }
}
