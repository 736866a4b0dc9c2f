package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import org.junit.jupiter.api.Test;

class AcceleratorCatalogTest {
    private final AcceleratorCatalog catalog = AcceleratorCatalog.load();

    @Test
    void presetsCarryDatasheetNumbers() {
        assertThat(catalog.ids()).containsExactly("a100", "h100", "h200", "b200", "gb200");
        AcceleratorSpec h100 = catalog.get("H100-SXM");
        assertThat(h100.peakFlops(Precision.BF16)).isEqualTo(989e12);
        assertThat(h100.peakFlops(Precision.FP8)).isEqualTo(1979e12);
        assertThat(h100.scaleUpBytesPerSPerDirection()).isEqualTo(450e9);
        assertThat(catalog.get("gb200").scaleUpDomainGpus()).isEqualTo(72);
        assertThat(ClusterNetwork.defaultFor(catalog.get("a100")).scaleOutBytesPerS())
                .isEqualTo(25e9);
        assertThat(catalog.estimates("h100").get("tdpW").source()).contains("datasheet");
    }

    @Test
    void unknownAcceleratorListsTheIds() {
        assertThatThrownBy(() -> catalog.get("tpu-v5"))
                .isInstanceOf(InputException.class)
                .hasMessage("gpu: unknown accelerator 'tpu-v5' (use one of [a100, h100, h200, b200, gb200])");
    }
}
