package dev.nearlight.explore.uncertainty;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.Param;
import dev.nearlight.explore.tco.EconomicsDefaults;
import dev.nearlight.sim.reliability.ReliabilityDefaults;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Draws a catalogue number from its range so that the catalogue value is the median of the draw: half the draws fall
 * below it (between min and the value) and half above (between the value and max), and the confidence sets how tightly
 * each half gathers at the value. Within a half, a uniform position t in [0, 1] becomes the share t^k of the distance
 * to that half's end, k = {@value #LOW_EXPONENT} for {@code low} (uniform over each half), {@value #MEDIUM_EXPONENT} for
 * {@code medium} and {@value #HIGH_EXPONENT} for {@code high}. Distances are taken on a log scale when the range is
 * strictly positive and spans more than a factor {@value #LOG_SPAN} (failure rates, repair and restart times), so a
 * range such as 0.05..10 min around 0.1 min is not dominated by its long upper end. A number with min = max is fixed.
 *
 * <p>Why the value is the median: the catalogue value is the best estimate, and an earlier rule (PERT around the value,
 * uniform over the whole range for {@code low}) put the centre of a lopsided range far from it: the README example's
 * checkpoint write (0.1 min in 0.05..10) was drawn at 5 min on average, and its time-to-train interval did not contain
 * its own point. Technology reaches are design limits (they bound the default length) and are not sampled. The same
 * rule draws the core catalogue, the economics defaults and the reliability defaults.
 */
public final class RangeSampler {
    /** Shape exponent of a low-confidence number: uniform over each half of its range. */
    public static final double LOW_EXPONENT = 1;

    /** Shape exponent of a medium-confidence number. */
    public static final double MEDIUM_EXPONENT = 2;

    /** Shape exponent of a high-confidence number. */
    public static final double HIGH_EXPONENT = 3;

    /** A positive range wider than this ratio (max / min) is sampled on a log scale. */
    public static final double LOG_SPAN = 4;

    private RangeSampler() {}

    /** One draw of {@code p}. */
    public static Param sample(Param p, RandomGenerator rng) {
        double u = rng.nextDouble();
        return p.withValue(quantile(p, u));
    }

    /**
     * The {@code u}-quantile of a param's sampling distribution: min at u = 0, the value at u = 1/2, max at u = 1,
     * monotone in between.
     */
    public static double quantile(Param p, double u) {
        double lo = p.min(), hi = p.max(), v = p.value();
        if (!(hi > lo)) {
            return v;
        }
        double k = switch (p.confidence()) {
            case LOW -> LOW_EXPONENT;
            case MEDIUM -> MEDIUM_EXPONENT;
            case HIGH -> HIGH_EXPONENT;
        };
        boolean upper = u >= 0.5;
        double share = Math.pow(Math.abs(u - 0.5) * 2, k);
        double end = upper ? hi : lo;
        double x;
        if (lo > 0 && hi / lo > LOG_SPAN) {
            x = v * Math.exp(share * Math.log(end / v));
        } else {
            x = v + share * (end - v);
        }
        return Math.max(lo, Math.min(hi, x));
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
     * order, except what the scenario set ({@code source} "scenario file") and the design quantities and operator
     * choices kept fixed (spares, maintenance window, transport timeout, technicians).
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

    /**
     * Reliability defaults that are design quantities or the operator's choices, not uncertain numbers: the port rate,
     * ports per engine, the technician count, the spare nodes and spare parts kept, the maintenance window and the
     * transport timeout (an NCCL setting). Drawing them would mix "what we do not know" with "what we might decide";
     * the tornado, break-evens and sweeps vary them as decisions.
     */
    private static final java.util.Set<String> FIXED_RELIABILITY = java.util.Set.of(
            "portRateGbps",
            "portsPerEngine",
            "technicians",
            "spareNodesPercent",
            "sparesPercent",
            "maintenanceWindowHours",
            "transportTimeoutS");

    /** A sample of the economics defaults, every param drawn once in file order. */
    public static EconomicsDefaults sample(EconomicsDefaults base, RandomGenerator rng) {
        return base.mapParams((path, p) -> sample(p, rng));
    }
}
