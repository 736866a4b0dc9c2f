package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.Endpoint;
import org.junit.jupiter.api.Test;

class AcceleratorCatalogTest {
    private final AcceleratorCatalog catalog = AcceleratorCatalog.load();

    @Test
    void presetsCarryDatasheetNumbers() {
        assertThat(catalog.ids()).containsExactly("a100", "h100", "h200", "b200", "gb200", "gb300");
        AcceleratorSpec h100 = catalog.get("H100-SXM");
        assertThat(h100.peakFlops(Precision.BF16)).isEqualTo(989e12);
        assertThat(h100.peakFlops(Precision.FP8)).isEqualTo(1979e12);
        assertThat(h100.scaleUpBytesPerSPerDirection()).isEqualTo(450e9);
        assertThat(catalog.get("gb200").scaleUpDomainGpus()).isEqualTo(72);
        // GB300 NVL72 datasheet: 1080 PF dense FP4 per 72 GPUs; 288 GB HBM3e; power from the core catalogue
        AcceleratorSpec gb300 = catalog.get("gb300-nvl72");
        assertThat(gb300.peakFlops(Precision.FP4)).isEqualTo(15000e12);
        assertThat(gb300.scaleUpDomainGpus()).isEqualTo(72);
        assertThat(gb300.tdpW()).isEqualTo(1400);
        assertThat(catalog.get("b200").peakFlops(Precision.FP4)).isEqualTo(9000e12);
        assertThatThrownBy(() -> h100.peakFlops(Precision.FP4))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("no FP4 tensor cores");
        assertThat(ClusterNetwork.defaultFor(catalog.get("a100")).scaleOutBytesPerS())
                .isEqualTo(25e9);
        assertThat(catalog.estimates("h100").get("tdpW").source()).contains("datasheet");
    }

    @Test
    void powerScaleUpAndNicsComeFromTheCoreCatalogueAndFollowItsOverrides() {
        Endpoint core = Catalogue.defaults().endpoint("h100");
        AcceleratorSpec h100 = catalog.get("h100");
        assertThat(h100.tdpW()).isEqualTo(core.powerW().value()).isEqualTo(700);
        assertThat(h100.scaleUpBytesPerSPerDirection() * 8 / 1e9)
                .isEqualTo(core.scaleUpGbps().value());
        assertThat(h100.nicsPerGpu()).isEqualTo(core.nics()).isEqualTo(1);
        assertThat(catalog.estimates("h100").get("scaleUpGBpsPerDirection").unit())
                .isEqualTo("GB/s");
        assertThat(catalog.estimates("h100").get("scaleUpGBpsPerDirection").max())
                .isEqualTo(450);

        // a user catalogue that re-rates the H100 (a 1,000 W part with NVLink5 and two NICs) reaches the training model
        String override = """
                endpoints:
                  - id: h100
                    name: "H100 re-rated"
                    type: GPU
                    serdesLanes: 36
                    laneGbps: 100
                    packageEdgeMm: {value: 55, min: 50, max: 60, unit: "mm", source: "test", confidence: low}
                    powerW: {value: 1000, min: 900, max: 1100, unit: "W", source: "test", confidence: low, boundary: SWITCH_SYSTEM}
                    faceplateMm: {value: 0, min: 0, max: 0, unit: "mm", source: "test", confidence: low}
                    scaleUpGbps: {value: 7200, min: 7200, max: 7200, unit: "Gb/s", source: "test", confidence: low}
                    nics: 2
                    costUsd: {value: 1, min: 1, max: 1, unit: "USD", source: "test", confidence: low}
                """;
        AcceleratorSpec rerated = AcceleratorCatalog.load(Catalogue.fromYaml("h100.yaml", override))
                .get("h100");
        assertThat(rerated.tdpW()).isEqualTo(1000);
        assertThat(rerated.scaleUpBytesPerSPerDirection()).isEqualTo(900e9);
        assertThat(rerated.nicsPerGpu()).isEqualTo(2);
        assertThat(rerated.peakFlops(Precision.BF16)).isEqualTo(989e12); // compute stays the training preset's
        // re-typing a training accelerator is a located input error, not an internal one
        assertThatThrownBy(() -> AcceleratorCatalog.load(
                        Catalogue.fromYaml("nic.yaml", override.replace("type: GPU", "type: NIC"))))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("nic.yaml:")
                .hasMessageContaining("endpoint h100 is typed NIC")
                .hasMessageEndingWith("keep type: GPU or give the NIC another id");
        // so is a training accelerator without NICs or scale-up bandwidth (the model divides by both)
        assertThatThrownBy(() -> AcceleratorCatalog.load(
                        Catalogue.fromYaml("nics.yaml", override.replace("nics: 2", "nics: 0"))))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("nics.yaml:")
                .hasMessageEndingWith("endpoint h100 is a training accelerator but has scaleUpGbps 7200.0 and nics 0;"
                        + " give both a positive value");
    }

    @Test
    void unknownAcceleratorListsTheIds() {
        assertThatThrownBy(() -> catalog.get("tpu-v5"))
                .isInstanceOf(InputException.class)
                .hasMessage("gpu: unknown accelerator 'tpu-v5' (use one of [a100, h100, h200, b200, gb200, gb300])");
    }

    @Test
    void unfittedEfficienciesKeepH100sShareOfTheirMeasuredGemmCeiling() {
        // hand-derived from Bekman's MAMF table (BF16): H100 794.5 of 989, B200 1745 of 2250, GB200 1822 of 2500;
        // H200 "is the same" as H100
        AcceleratorSpec h100 = catalog.get("h100");
        assertThat(h100.gemmEfficiency()).isEqualTo(0.57);
        double h100Share = 794.5 / 989;
        assertThat(catalog.get("b200").gemmEfficiency()).isCloseTo(0.57 * (1745 / 2250.0) / h100Share, within(1e-12));
        assertThat(catalog.get("gb200").gemmEfficiency()).isCloseTo(0.57 * (1822 / 2500.0) / h100Share, within(1e-12));
        assertThat(catalog.get("h200").gemmEfficiency()).isCloseTo(0.57, within(1e-12));
        // the rounded values the docs quote
        assertThat(catalog.get("b200").gemmEfficiency()).isCloseTo(0.550, within(0.0005));
        assertThat(catalog.get("gb200").gemmEfficiency()).isCloseTo(0.517, within(0.0005));
        // a large GEMM alone runs 4.4 % faster on GB200 than on B200 (1822 / 1745), and so does the training step's
        assertThat(catalog.get("gb200").peakBf16Flops()
                        * catalog.get("gb200").gemmEfficiency()
                        / (catalog.get("b200").peakBf16Flops()
                                * catalog.get("b200").gemmEfficiency()))
                .isCloseTo(1822 / 1745.0, within(1e-12));
        Estimate e = catalog.estimates("b200").get("gemmEfficiency");
        assertThat(e.min()).isCloseTo(0.50 * (1745 / 2250.0) / h100Share, within(1e-12));
        assertThat(e.max()).isCloseTo(0.75 * (1745 / 2250.0) / h100Share, within(1e-12));
        assertThat(e.source()).startsWith("h100's 0.570 x MAMF fraction 0.776 / 0.803");
        assertThat(catalog.estimates("b200").get("mamfBf16Tflops").source()).contains("ml-engineering");
        // GB300 keeps its own fitted value
        assertThat(catalog.get("gb300").gemmEfficiency()).isEqualTo(0.66);
    }
}
