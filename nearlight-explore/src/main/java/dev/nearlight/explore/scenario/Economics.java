package dev.nearlight.explore.scenario;

/**
 * Money: electricity price, PUE, lifetime, discount rate, whether GPUs count in capex, the value of a lost GPU-hour,
 * and optional price overrides.
 *
 * @param electricityUsdPerKwh electricity price (default 0.08 USD/kWh)
 * @param pue power usage effectiveness, facility / IT power (default 1.2)
 * @param lifetimeYears cluster lifetime in whole years (default 5)
 * @param discountRate yearly discount rate for the NPV (default 0.08)
 * @param includeGpus whether GPU purchase counts in capex and TCO (default false: they are the same in every
 *     alternative)
 * @param gpuHourUsd price of one GPU-hour (default 2.0 USD): what the run's GPU time costs under the {@code
 *     gpu-hour-price} policy
 * @param prices price overrides (optional)
 * @param gpuTime how the cost per run charges GPU time (default {@code gpu-hour-price})
 * @param repairParts how swapped parts are paid for (default {@code new})
 */
public record Economics(
        Double electricityUsdPerKwh,
        Double pue,
        Integer lifetimeYears,
        Double discountRate,
        Boolean includeGpus,
        Double gpuHourUsd,
        PriceOverrides prices,
        GpuTimePolicy gpuTime,
        PartPricing repairParts) {
    /** Applies the defaults and checks ranges. */
    public Economics {
        electricityUsdPerKwh =
                Checks.range(Checks.orDefault(electricityUsdPerKwh, 0.08), "electricityUsdPerKwh", 0.0, 10.0);
        pue = Checks.range(Checks.orDefault(pue, 1.2), "pue", 1.0, 5.0);
        lifetimeYears = Checks.intRange(Checks.orDefault(lifetimeYears, 5), "lifetimeYears", 1, 30);
        discountRate = Checks.range(Checks.orDefault(discountRate, 0.08), "discountRate", 0.0, 1.0);
        includeGpus = Checks.orDefault(includeGpus, Boolean.FALSE);
        gpuHourUsd = Checks.range(Checks.orDefault(gpuHourUsd, 2.0), "gpuHourUsd", 0.0, 10_000.0);
        prices = Checks.orDefault(prices, PriceOverrides.none());
        gpuTime = Checks.orDefault(gpuTime, GpuTimePolicy.GPU_HOUR_PRICE);
        repairParts = Checks.orDefault(repairParts, PartPricing.NEW);
    }

    /** The default economics. */
    public static Economics defaults() {
        return new Economics(null, null, null, null, null, null, null, null, null);
    }

    /** The same economics with another electricity price. */
    public Economics withElectricityUsdPerKwh(double v) {
        return new Economics(
                v, pue, lifetimeYears, discountRate, includeGpus, gpuHourUsd, prices, gpuTime, repairParts);
    }

    /** The same economics with another PUE. */
    public Economics withPue(double v) {
        return new Economics(
                electricityUsdPerKwh,
                v,
                lifetimeYears,
                discountRate,
                includeGpus,
                gpuHourUsd,
                prices,
                gpuTime,
                repairParts);
    }

    /** The same economics with another discount rate. */
    public Economics withDiscountRate(double v) {
        return new Economics(
                electricityUsdPerKwh, pue, lifetimeYears, v, includeGpus, gpuHourUsd, prices, gpuTime, repairParts);
    }

    /** The same economics with another lifetime. */
    public Economics withLifetimeYears(int v) {
        return new Economics(
                electricityUsdPerKwh, pue, v, discountRate, includeGpus, gpuHourUsd, prices, gpuTime, repairParts);
    }

    /** The same economics with other cost policies. */
    public Economics withPolicies(GpuTimePolicy time, PartPricing parts) {
        return new Economics(
                electricityUsdPerKwh, pue, lifetimeYears, discountRate, includeGpus, gpuHourUsd, prices, time, parts);
    }

    /** The same economics with another price of a GPU-hour. */
    public Economics withGpuHourUsd(double v) {
        return new Economics(
                electricityUsdPerKwh, pue, lifetimeYears, discountRate, includeGpus, v, prices, gpuTime, repairParts);
    }
}
