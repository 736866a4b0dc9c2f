package dev.nearlight.core.link;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.CoolingType;
import java.util.Objects;

/**
 * The thermal surroundings of a link end: cooling type, inlet air or coolant temperature, and the power of the
 * neighbouring ASIC whose heat couples into modules and engines placed near it.
 *
 * @param cooling air or liquid
 * @param coolantC inlet air or coolant supply temperature in C
 * @param asicPowerW power of the neighbouring ASIC in W
 */
public record Environment(CoolingType cooling, double coolantC, double asicPowerW) {
    /** Default neighbouring ASIC power (optics-parameters.md 10.3). */
    public static final double DEFAULT_ASIC_W = 1000;

    /** Validates ranges: coolant -20..90 C, ASIC power 0..5000 W. */
    public Environment {
        Objects.requireNonNull(cooling, "cooling");
        if (!(coolantC >= -20 && coolantC <= 90)) {
            throw new InputException("--coolant-c: " + coolantC + " C is outside -20..90 C");
        }
        if (!(asicPowerW >= 0 && asicPowerW <= 5000)) {
            throw new InputException("--asic-w: " + asicPowerW + " W is outside 0..5000 W");
        }
    }
}
