package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import org.junit.jupiter.api.Test;

class BadInputTest {
    private final ModelSpec llama70b = ModelSpec.preset("llama3-70b");

    @Test
    void degreesMustMultiplyToTheGpuCount() {
        Parallelism par =
                Parallelism.builder().tp(8).pp(4).dp(16).globalBatch(512).build();
        assertThatThrownBy(() -> par.validateAgainst(llama70b, 1024))
                .isInstanceOf(InputException.class)
                .hasMessage("gpus: tp x pp x dp x cp = 8 x 4 x 16 x 1 = 512 but the cluster has 1024 GPUs"
                        + " (make the product equal --gpus)");
    }

    @Test
    void headsMustDivideByTp() {
        Parallelism par = Parallelism.builder().tp(3).dp(1).globalBatch(4).build();
        assertThatThrownBy(() -> par.validateAgainst(llama70b, 3))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("tp: heads 64 are not divisible by tp 3");
    }

    @Test
    void layersMustDivideByPpTimesVpp() {
        Parallelism par =
                Parallelism.builder().pp(3).vpp(1).dp(1).globalBatch(6).build();
        assertThatThrownBy(() -> par.validateAgainst(llama70b, 3))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("pp: layers 80 are not divisible by pp x vpp = 3 x 1");
    }

    @Test
    void batchMustDivideByDpTimesMicroBatch() {
        assertThatThrownBy(() -> Parallelism.builder()
                        .dp(3)
                        .microBatch(2)
                        .globalBatch(512)
                        .build())
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("gbs: global batch 512 is not divisible by dp x mbs = 3 x 2");
    }

    @Test
    void interleavingNeedsMicroBatchesDivisibleByPp() {
        Parallelism par =
                Parallelism.builder().pp(4).vpp(2).dp(1).globalBatch(6).build();
        assertThatThrownBy(() -> par.validateAgainst(llama70b, 4))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("divisible by pp 4");
    }

    @Test
    void expertParallelismNeedsMoe() {
        Parallelism par = Parallelism.builder().dp(2).ep(2).globalBatch(2).build();
        assertThatThrownBy(() -> par.validateAgainst(llama70b, 2))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("ep: 2 needs a mixture-of-experts model");
    }
}
