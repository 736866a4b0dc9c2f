package dev.nearlight.explore.tco;

import dev.nearlight.explore.scenario.Economics;
import java.util.ArrayList;
import java.util.List;

/**
 * Lifetime TCO as a net present value. Capex is paid at time 0; each opex flow is paid at the end of years 1..N and
 * discounted by (1 + r)^t, so its present value is the yearly amount times the annuity factor
 * {@code A = sum_{t=1..N} (1 + r)^-t = (1 - (1 + r)^-N) / r} (A = N when r = 0). Energy per year is IT power x PUE x
 * 8,760 h x electricity price. The cost of one trained model is the TCO share of one run: TCO x time-to-train /
 * lifetime (with 365-day years).
 */
public final class TcoModel {
    /** Hours in a (365-day) year. */
    public static final double HOURS_PER_YEAR = 8760.0;

    private TcoModel() {}

    /** The annuity factor for {@code years} year-end payments at discount rate {@code rate}. */
    public static double annuityFactor(double rate, int years) {
        if (rate == 0) {
            return years;
        }
        return (1.0 - Math.pow(1.0 + rate, -years)) / rate;
    }

    /** Evaluates the TCO. */
    public static TcoResult evaluate(TcoInputs in) {
        Economics e = in.economics();
        Capex c = in.capex();
        double gpus = e.includeGpus() ? c.gpusUsd() : 0.0;
        double capex = c.interconnectUsd() + gpus;
        double energyPerYear = in.itPowerW() / 1000.0 * e.pue() * HOURS_PER_YEAR * e.electricityUsdPerKwh();
        double partsPerYear = in.repairPartsUsdPerYear();
        double labourPerYear = in.repairLabourUsdPerYear();
        double lostPerYear = in.gpuHoursLostPerYear() * e.gpuHourUsd();
        int years = e.lifetimeYears();
        double a = annuityFactor(e.discountRate(), years);

        List<TcoComponent> w = new ArrayList<>();
        if (e.includeGpus()) {
            w.add(new TcoComponent("gpus", "GPUs", gpus));
        }
        w.add(new TcoComponent("switches", "Switches", c.switchesUsd()));
        w.add(new TcoComponent("optics", "Optics", c.opticsUsd()));
        w.add(new TcoComponent("lasers", "External lasers", c.lasersUsd()));
        w.add(new TcoComponent("cables", "Cables and fibre", c.cablesUsd()));
        w.add(new TcoComponent("energy", "Energy (NPV)", energyPerYear * a));
        w.add(new TcoComponent("repairParts", "Repair parts (NPV)", partsPerYear * a));
        w.add(new TcoComponent("repairLabour", "Repair labour (NPV)", labourPerYear * a));
        w.add(new TcoComponent("lostGpuHours", "Lost GPU-hours (NPV)", lostPerYear * a));
        double tco = w.stream().mapToDouble(TcoComponent::usd).sum();
        double opexPerYear = energyPerYear + partsPerYear + labourPerYear + lostPerYear;
        double runs = years * 365.0 / in.timeToTrainDays();
        return new TcoResult(
                capex,
                energyPerYear,
                partsPerYear + labourPerYear,
                lostPerYear,
                a,
                tco,
                capex + years * opexPerYear,
                runs,
                tco / runs,
                w);
    }
}
