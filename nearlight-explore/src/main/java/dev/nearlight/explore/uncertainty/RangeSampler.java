package dev.nearlight.explore.uncertainty;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.Param;
import dev.nearlight.explore.tco.EconomicsDefaults;
import dev.nearlight.sim.reliability.ReliabilityDefaults;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.hipparchus.distribution.continuous.BetaDistribution;

/**
 * Draws a catalogue number from its range, with a spread set by its confidence: {@code high} a narrow PERT (beta with
 * shape weight 8 around the value), {@code medium} the classic PERT (weight 4), {@code low} uniform over min..max (the
 * value is no likelier than any other point of the range). A number with min = max is fixed. Technology reaches are
 * design limits (they bound the default length) and are not sampled. The same rule draws the core catalogue, the
 * economics defaults and the reliability defaults.
 */
public final class RangeSampler {
    /** PERT shape weight of a high-confidence number. */
    public static final double HIGH_WEIGHT = 8;

    /** PERT shape weight of a medium-confidence number. */
    public static final double MEDIUM_WEIGHT = 4;

    private RangeSampler() {}

    /** One draw of {@code p}. */
    public static Param sample(Param p, RandomGenerator rng) {
        double u = rng.nextDouble();
        return p.withValue(quantile(p, u));
    }

    /** The {@code u}-quantile of a param's sampling distribution. */
    public static double quantile(Param p, double u) {
        double lo = p.min(), hi = p.max();
        if (!(hi > lo)) {
            return p.value();
        }
        double x = switch (p.confidence()) {
            case LOW -> lo + u * (hi - lo);
            case MEDIUM -> lo + (hi - lo) * pert(p, MEDIUM_WEIGHT).inverseCumulativeProbability(u);
            case HIGH -> lo + (hi - lo) * pert(p, HIGH_WEIGHT).inverseCumulativeProbability(u);
        };
        return Math.max(lo, Math.min(hi, x));
    }

    private static BetaDistribution pert(Param p, double weight) {
        double m = (p.value() - p.min()) / (p.max() - p.min());
        return new BetaDistribution(1 + weight * m, 1 + weight * (1 - m));
    }

    /**
     * A sample of the catalogue: every param drawn once, in catalogue order; reaches are kept (they bound the default
     * reach), and so are node platforms (their busy and idle powers are one measured pair, which independent draws
     * would break; the run-cost model samples node power through the economics defaults).
     */
    public static Catalogue sample(Catalogue base, RandomGenerator rng) {
        return base.mapParams(
                (path, p) -> path.endsWith("/reachM") || path.startsWith("platforms/") ? p : sample(p, rng));
    }

    /**
     * A sample of the reliability defaults (failure rates, repair times, prices), every param drawn once in file
     * order, except what the scenario set ({@code source} "scenario file") and design quantities that are not
     * uncertain: the port rate the defaults are quoted at, ports per engine and the technician count.
     */
    public static ReliabilityDefaults sample(ReliabilityDefaults base, RandomGenerator rng) {
        java.util.function.BiFunction<String, Param, Param> f = (key, p) -> {
            if (FIXED_RELIABILITY.contains(key) || p.source().startsWith("scenario file") || !(p.max() > p.min())) {
                return p;
            }
            return p.withValue(quantile(p, rng.nextDouble()));
        };
        Map<String, Param> common = new LinkedHashMap<>();
        base.common().forEach((k, p) -> common.put(k, f.apply(k, p)));
        Map<String, Param> job = new LinkedHashMap<>();
        base.job().forEach((k, p) -> job.put(k, f.apply(k, p)));
        Map<String, ReliabilityDefaults.Technology> techs = new LinkedHashMap<>();
        base.technologies().forEach((id, t) -> {
            Map<String, Param> ps = new LinkedHashMap<>();
            t.params().forEach((k, p) -> ps.put(k, f.apply(k, p)));
            techs.put(id, new ReliabilityDefaults.Technology(t.label(), t.kind(), t.catalogue(), ps));
        });
        Map<String, ReliabilityDefaults.Flap> flaps = new LinkedHashMap<>();
        base.flaps()
                .forEach((id, fl) -> flaps.put(
                        id,
                        new ReliabilityDefaults.Flap(
                                f.apply("flapRate", fl.rate()), f.apply("flapMeanDuration", fl.meanDuration()))));
        return new ReliabilityDefaults(common, job, techs, flaps, base.policies());
    }

    /** Reliability defaults that are design quantities, not uncertain numbers. */
    private static final java.util.Set<String> FIXED_RELIABILITY =
            java.util.Set.of("portRateGbps", "portsPerEngine", "technicians");

    /** A sample of the economics defaults, every param drawn once in file order. */
    public static EconomicsDefaults sample(EconomicsDefaults base, RandomGenerator rng) {
        return base.mapParams((path, p) -> sample(p, rng));
    }
}
