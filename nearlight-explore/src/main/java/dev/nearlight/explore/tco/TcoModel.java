package dev.nearlight.explore.tco;

import dev.nearlight.explore.scenario.Economics;
import java.util.ArrayList;
import java.util.List;

/**
 * The fabric-only lifetime TCO as a net present value: the scale-out fabric's capex (switches, optics, lasers, cables)
 * at time 0, and its yearly energy and repairs paid at the end of years 1..N, discounted by (1 + r)^t, so each flow's
 * present value is the yearly amount times the annuity factor {@code A = sum_{t=1..N} (1 + r)^-t = (1 - (1 + r)^-N) /
 * r} (A = N when r = 0). Energy per year is fabric power x PUE x 8,760 h x electricity price. GPUs, their energy and
 * their repairs are outside this boundary; the cost of a training run ({@link RunCostModel}) covers the whole cluster.
 */
public final class TcoModel {
    /** Hours in a (365-day) year. */
    public static final double HOURS_PER_YEAR = 8760.0;

    /** What the fabric TCO contains, as the reports label it. */
    public static final String CONTAINS =
            "fabric capex (switches, optics, lasers, cables) + fabric energy + fabric repairs, NPV over the lifetime";

    private TcoModel() {}

    /**
     * The annuity factor for {@code years} year-end payments at discount rate {@code rate}: (1 - (1 + r)^-n) / r,
     * computed as -expm1(-n log1p(r)) / r so that a tiny rate tends to n (1 + 1e-300 is 1 in floating point, and
     * the plain form gave 0 / 1e-300 = 0, a free fabric).
     */
    public static double annuityFactor(double rate, int years) {
        if (rate == 0) {
            return years;
        }
        return -Math.expm1(-years * Math.log1p(rate)) / rate;
    }

    /** Evaluates the fabric TCO. */
    public static TcoResult evaluate(TcoInputs in) {
        Economics e = in.economics();
        Capex c = in.capex();
        double capex = c.interconnectUsd();
        double energyPerYear = in.fabricPowerW() / 1000.0 * e.pue() * HOURS_PER_YEAR * e.electricityUsdPerKwh();
        double partsPerYear = in.repairPartsUsdPerYear();
        double labourPerYear = in.repairLabourUsdPerYear();
        int years = e.lifetimeYears();
        double a = annuityFactor(e.discountRate(), years);

        List<TcoComponent> w = new ArrayList<>();
        w.add(new TcoComponent("switches", "Switches", c.switchesUsd()));
        w.add(new TcoComponent("optics", "Optics", c.opticsUsd()));
        w.add(new TcoComponent("lasers", "External lasers", c.lasersUsd()));
        w.add(new TcoComponent("cables", "Cables and fibre", c.cablesUsd()));
        w.add(new TcoComponent("energy", "Fabric energy (NPV)", energyPerYear * a));
        w.add(new TcoComponent("repairParts", "Fabric repair parts (NPV)", partsPerYear * a));
        w.add(new TcoComponent("repairLabour", "Fabric repair labour (NPV)", labourPerYear * a));
        double tco = w.stream().mapToDouble(TcoComponent::usd).sum();
        double opexPerYear = energyPerYear + partsPerYear + labourPerYear;
        return new TcoResult(
                capex, energyPerYear, partsPerYear + labourPerYear, a, tco, capex + years * opexPerYear, w);
    }
}
