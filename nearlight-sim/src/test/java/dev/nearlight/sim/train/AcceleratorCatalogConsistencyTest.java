package dev.nearlight.sim.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.Endpoint;
import dev.nearlight.core.catalogue.EndpointType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The training model's accelerator catalogue (compute, memory, NICs) and the core catalogue's GPU endpoints (SerDes,
 * package, power, cost) describe the same parts from two sides; the figures they share must agree, so a value edited in
 * one file and not the other fails here.
 */
class AcceleratorCatalogConsistencyTest {

    @Test
    void everyCoreGpuIsInTheTrainingCatalogueWithTheSamePowerScaleUpBandwidthAndNics() {
        AcceleratorCatalog training = AcceleratorCatalog.load();
        List<Endpoint> gpus = Catalogue.defaults().endpoints(EndpointType.GPU);
        assertThat(gpus).hasSizeGreaterThanOrEqualTo(5);
        for (Endpoint e : gpus) {
            AcceleratorSpec a = training.get(e.id());
            assertThat(a.tdpW()).as("%s power W", e.id()).isEqualTo(e.powerW().value());
            assertThat(a.scaleUpBytesPerSPerDirection() * 8 / 1e9)
                    .as("%s scale-up Gb/s per direction", e.id())
                    .isEqualTo(e.scaleUpGbps().value());
            assertThat(a.nicsPerGpu()).as("%s NICs per GPU", e.id()).isEqualTo(e.nics());
        }
    }
}
