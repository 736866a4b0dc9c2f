package dev.nearlight.compose.disagg;

import dev.nearlight.core.InputException;
import java.util.Objects;

/**
 * A path from a host root port to a device: {@code retimers} electrical retimers, {@code switchLevels} PCIe/CXL
 * switches, one long segment of {@code distanceM} metres over the technology's medium, then the device. The path has
 * {@code switchLevels + 1} links; each link has a PHY (and FLIT FEC on PCIe 6/7 and CXL 3).
 *
 * @param technology generation and medium
 * @param distanceM length of the long (copper or fibre) segment
 * @param switchLevels switches crossed one way
 * @param retimers electrical retimers crossed one way (optical-aware retimers of the retimed medium are extra)
 */
public record FabricPath(Technology technology, double distanceM, int switchLevels, int retimers) {
    /** Validates the non-negative counts and distance. */
    public FabricPath {
        Objects.requireNonNull(technology, "technology");
        if (!(distanceM >= 0) || Double.isInfinite(distanceM)) {
            throw new InputException("--distance-m " + distanceM + " must be a finite number >= 0");
        }
        if (switchLevels < 0 || switchLevels > 8) {
            throw new InputException("--switch-levels " + switchLevels + " must be between 0 and 8");
        }
        if (retimers < 0 || retimers > 8) {
            throw new InputException("--retimers " + retimers + " must be between 0 and 8");
        }
    }

    /** The same path with another distance. */
    public FabricPath withDistanceM(double d) {
        return new FabricPath(technology, d, switchLevels, retimers);
    }
}
