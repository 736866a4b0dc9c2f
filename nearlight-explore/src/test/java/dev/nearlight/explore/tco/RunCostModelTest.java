package dev.nearlight.explore.tco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.catalogue.Param;
import dev.nearlight.explore.scenario.GpuTimePolicy;
import dev.nearlight.explore.scenario.PartPricing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunCostModelTest {
    /**
     * A small cluster: 2 nodes of 8 GPUs, a 100 h failure-free run that takes 125 h with failures, 5 h of which the
     * GPUs recompute lost work and 20 h they sit idle.
     */
    private static RunCostInputs small(GpuTimePolicy policy) {
        return new RunCostInputs(
                policy,
                16,
                8,
                100,
                125,
                5,
                2.0, // USD per GPU-hour
                800_000, // two nodes
                200_000, // fabric
                4,
                0.0, // no discounting: capital recovery = capex / 4 years
                8_000, // node busy W
                2_000, // node idle W
                1_000, // fabric W
                1.5,
                0.10,
                new RepairCost(8_760, 4_380, 876, 876)); // USD per year
    }

    @Test
    void gpuHourPriceChargesWallTimeOnceAndTheFabricOnTop() {
        RunCost r = RunCostModel.evaluate(small(GpuTimePolicy.GPU_HOUR_PRICE));
        // GPU time: 16 GPUs x 125 h x 2 USD = 4,000 USD (lost hours are inside the 125 h; not charged again)
        assertThat(r.usd("gpuTime")).isCloseTo(4_000, within(1e-9));
        // fabric capex share: 200,000 / 4 yr x 125 / 8,760 yr = 713.4703...
        assertThat(r.usd("fabricCapex")).isCloseTo(200_000 / 4.0 * 125 / 8760, within(1e-9));
        // fabric energy: 1 kW x 125 h x 1.5 x 0.10 = 18.75 USD
        assertThat(r.usd("fabricEnergy")).isCloseTo(18.75, within(1e-9));
        // fabric repairs: 1,752 USD/yr x 125/8,760 yr = 25 USD
        assertThat(r.usd("fabricRepairs")).isCloseTo(25, within(1e-9));
        // nodes are inside the GPU-hour price
        assertThat(r.usd("nodeEnergy")).isZero();
        assertThat(r.usd("gpuCapex")).isZero();
        assertThat(r.totalUsd()).isCloseTo(4_000 + 713.4703196347032 + 18.75 + 25, within(1e-6));
        assertThat(r.contains())
                .isEqualTo("GPU time at the GPU-hour price + Fabric capex share + Fabric energy"
                        + " + Fabric repairs (parts and labour), for the wall time with failures");
        // energy of the run, whatever the policy: nodes 2 x (8 kW x 105 h + 2 kW x 20 h) = 1,760 kWh, fabric 125 kWh,
        // x PUE 1.5 = 2,827.5 kWh = 2.8275 MWh
        assertThat(r.energyMWh()).isCloseTo(2.8275, within(1e-12));
    }

    @Test
    void gpuCapexAddsNodeEnergyWithIdleDowntimeAndNodeRepairs() {
        RunCost r = RunCostModel.evaluate(small(GpuTimePolicy.GPU_CAPEX));
        // node capex share: 800,000 / 4 x 125 / 8,760 = 2,853.88...
        assertThat(r.usd("gpuCapex")).isCloseTo(800_000 / 4.0 * 125 / 8760, within(1e-9));
        // node energy: busy 105 h (100 + 5 rework) x 8 kW + idle 20 h x 2 kW = 880 kWh per node, x 2 nodes x 1.5 x 0.10
        assertThat(r.usd("nodeEnergy")).isCloseTo(264.0, within(1e-9));
        // node repairs: 13,140 USD/yr x 125/8,760 = 187.5 USD
        assertThat(r.usd("nodeRepairs")).isCloseTo(187.5, within(1e-9));
        assertThat(r.usd("gpuTime")).isZero();
        double sum = r.components().stream().mapToDouble(TcoComponent::usd).sum();
        assertThat(r.totalUsd()).isCloseTo(sum, within(1e-9));
    }

    @Test
    void discountingRecoversCapexWithTheAnnuityFactor() {
        RunCostInputs in = small(GpuTimePolicy.GPU_HOUR_PRICE);
        RunCostInputs discounted = new RunCostInputs(
                in.gpuTime(),
                16,
                8,
                100,
                125,
                5,
                2.0,
                800_000,
                200_000,
                4,
                0.08,
                8_000,
                2_000,
                1_000,
                1.5,
                0.10,
                in.repairs());
        // A(8 %, 4) = 3.3121268... ; capital recovery per year = 200,000 / A = 60,384.16
        double a = (1 - Math.pow(1.08, -4)) / 0.08;
        assertThat(RunCostModel.evaluate(discounted).usd("fabricCapex"))
                .isCloseTo(200_000 / a * 125 / 8760, within(1e-9));
    }

    @Test
    void timeIdentityIsChecked() {
        assertThatThrownBy(() -> new RunCostInputs(
                        GpuTimePolicy.GPU_HOUR_PRICE,
                        16,
                        8,
                        100,
                        104,
                        5,
                        2,
                        0,
                        0,
                        4,
                        0,
                        0,
                        0,
                        0,
                        1.2,
                        0.1,
                        RepairCost.NONE))
                .hasMessageContaining("exceed the wall time");
    }

    @Test
    void repairsChargePartsOnlyForTheSwappedShareAndLabourForEveryFailure() {
        EconomicsDefaults d = new EconomicsDefaults(Map.of(
                "partSwapShare.gpu", Param.exact(0.5, "fraction", "test"),
                "partSwapShare.optics", Param.exact(1.0, "fraction", "test"),
                "returnToVendorCostFraction", Param.exact(0.2, "fraction", "test")));
        List<RepairLine> lines = List.of(
                new RepairLine("GPUs", RepairCategory.GPU, 100, 30_000, 1_200),
                new RepairLine("modules", RepairCategory.OPTICS, 40, 1_000, 75));
        RepairCost fresh = RepairModel.evaluate(lines, d, PartPricing.NEW);
        // GPU parts: 100 x 0.5 x 30,000 = 1,500,000; labour 100 x 1,200 = 120,000
        assertThat(fresh.nodePartsUsdPerYear()).isCloseTo(1_500_000, within(1e-6));
        assertThat(fresh.nodeLabourUsdPerYear()).isCloseTo(120_000, within(1e-6));
        // optics parts: 40 x 1 x 1,000 = 40,000; labour 40 x 75 = 3,000
        assertThat(fresh.fabricPartsUsdPerYear()).isCloseTo(40_000, within(1e-6));
        assertThat(fresh.fabricLabourUsdPerYear()).isCloseTo(3_000, within(1e-6));
        RepairCost rtv = RepairModel.evaluate(lines, d, PartPricing.RETURN_TO_VENDOR);
        // return to vendor: parts x 0.2, labour unchanged
        assertThat(rtv.nodePartsUsdPerYear()).isCloseTo(300_000, within(1e-6));
        assertThat(rtv.fabricPartsUsdPerYear()).isCloseTo(8_000, within(1e-6));
        assertThat(rtv.nodeLabourUsdPerYear()).isEqualTo(fresh.nodeLabourUsdPerYear());
    }

    @Test
    void shippedDefaultsHoldEveryCategoryAndTheNodePlatforms() {
        EconomicsDefaults d = EconomicsDefaults.load();
        for (RepairCategory c : RepairCategory.values()) {
            assertThat(d.partSwapShare(c)).isBetween(0.0, 1.0);
        }
        assertThat(d.nodePlatformIds()).contains("h100", "a100", "b200");
        EconomicsDefaults.NodePlatform h100 = d.nodePlatform("h100").orElseThrow();
        // DGX H100: 10.2 kW max = 8 x 700 W GPUs + 4.6 kW platform; the busy platform share stays below that maximum
        assertThat(8 * (700 + h100.nonGpuBusyWPerGpu())).isLessThanOrEqualTo(10_200);
        assertThat(h100.nonGpuIdleWPerGpu()).isLessThan(h100.nonGpuBusyWPerGpu());
    }
}
