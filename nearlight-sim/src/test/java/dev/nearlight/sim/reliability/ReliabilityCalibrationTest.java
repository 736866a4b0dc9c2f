package dev.nearlight.sim.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.link.PhysicalLinkModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The defaults against the one public 16k-GPU record: Llama 3 405B pre-training, 16,384 H100 GPUs, 54 days, 419
 * unexpected interruptions (Llama Team, "The Llama 3 Herd of Models", arXiv 2407.21783, section 3.3.4, Table 5;
 * ../shared/validation/llama3_405b_interruptions.csv): GPU 268, network (switches and cables 35, NICs 7) 42, host 46,
 * software 63; more than 90 % effective training time. The cluster is the README example's layout: a 3-tier
 * rail-optimized fat tree of 64-port 400G switches with pluggable DSP optics on every tier.
 */
class ReliabilityCalibrationTest {
    private static final double DAYS = 54;
    private static final Map<String, Double> TABLE5 =
            Map.of("gpu", 268 / DAYS, "network", 42 / DAYS, "host", 46 / DAYS, "software", 63 / DAYS);

    static DefaultClusterFactory factory400g() {
        // the examples' 400G DR4 stand-in until the core catalogue ships 400G parts (issue 14)
        Path override = Path.of("../examples/reliability/catalogue-400g-dr4.yaml");
        Catalogue c = Catalogue.load(List.of(override));
        return new DefaultClusterFactory(
                ReliabilityDefaults.load(), new PhysicalLinkModel(c), new OpticsConditions(400, null));
    }

    @Test
    void llama3LayoutReproducesTable5ByCategoryAndEttrAbove90Percent() {
        DefaultClusterFactory f = factory400g();
        FabricInventory inv = TestInventories.railFatTree(16384, 8, 64, 3, 400);
        ClusterReliabilityModel m = f.fromInventory("llama3", inv, f.defaultJob(inv), Sensitivity.NONE);
        ReliabilityResult r = new AnalyticalReliability().estimate(m, 54 / 365.0);
        double total = 419 / DAYS;
        assertThat(r.interruptionsPerDay().mean()).isCloseTo(total, within(0.15 * total));
        for (Map.Entry<String, Double> e : TABLE5.entrySet()) {
            assertThat(r.interruptionsPerDayByCategory().get(e.getKey()).mean())
                    .as(e.getKey())
                    .isCloseTo(e.getValue(), within(0.15 * e.getValue()));
        }
        assertThat(r.ettr().mean()).isGreaterThan(0.90);
    }
}
