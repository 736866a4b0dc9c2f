package dev.nearlight.sim.reliability;

import dev.nearlight.core.catalogue.Fru;
import dev.nearlight.core.link.LinkReport;

/**
 * What the reliability model takes from the core link model ({@link LinkReport}) for one optics technology: the laser
 * FIT at its operating temperature (Arrhenius in the core thermal model), lasers per port, the non-laser FIT of one
 * link end, external laser sharing and the serviceability facts (FRU, hot swap, MTTR). One source for these numbers.
 *
 * @param technologyId catalogue technology id, e.g. {@code npo-1.6t}
 * @param coolantC inlet air or coolant temperature the link was evaluated at
 * @param engineTempC module or engine case temperature
 * @param laserTempC laser temperature ({@code NaN} without lasers)
 * @param laserFit FIT of one laser at {@code laserTempC}, sensitivity factor applied (0 without lasers)
 * @param lasersPerPort lasers per link end (port)
 * @param endElectronicsFit non-laser FIT of one link end (module, engine share or cable end)
 * @param portsPerLaserSource ports one external laser source feeds (0 for internal lasers)
 * @param fru the link's field-replaceable unit in the catalogue
 * @param hotSwap whether that FRU is hot-swappable
 * @param mttrH the catalogue's mean time to repair of the FRU, hours
 * @param endCostUsd the catalogue's price of one link end (module, engine port share or half a cable), USD
 * @param opticalMarginDb the link model's optical budget margin at the catalogue's default reach ({@code NaN} for
 *     copper)
 * @param laserAgeingFactor Arrhenius acceleration of the laser at {@code laserTempC} over its reference temperature
 *     (the factor the laser FIT carries; 1 without lasers): how much faster a wearing laser's output falls here
 */
public record OpticsFacts(
        String technologyId,
        double coolantC,
        double engineTempC,
        double laserTempC,
        double laserFit,
        int lasersPerPort,
        double endElectronicsFit,
        int portsPerLaserSource,
        Fru fru,
        boolean hotSwap,
        double mttrH,
        double endCostUsd,
        double opticalMarginDb,
        double laserAgeingFactor) {

    /**
     * The facts of one evaluated link, with the laser FIT multiplied by {@code laserFitFactor}; {@code
     * laserAgeingFactor} is the Arrhenius factor of its lasers at their temperature (1 without lasers).
     */
    public static OpticsFacts of(
            LinkReport r, double coolantC, double laserFitFactor, double endCostUsd, double laserAgeingFactor) {
        double laserFit = Double.isNaN(r.laserFit()) ? 0 : r.laserFit();
        // linkFit = 2 * electronicsFit + 2 * lasersPerEnd * laserFit (PhysicalLinkModel)
        double endFit = (r.linkFit() - 2.0 * r.lasersPerEnd() * laserFit) / 2.0;
        int ppl = r.externalLaserModulesPerLink() > 0 ? (int) Math.round(2.0 / r.externalLaserModulesPerLink()) : 0;
        return new OpticsFacts(
                r.technology(),
                coolantC,
                r.engineTempC(),
                r.laserTempC(),
                laserFit * laserFitFactor,
                r.lasersPerEnd(),
                endFit,
                ppl,
                r.fru(),
                r.hotSwap(),
                r.mttrH(),
                endCostUsd,
                r.opticalMarginDb(),
                laserAgeingFactor);
    }

    /** Whether the lasers sit in external laser sources. */
    public boolean externalLasers() {
        return portsPerLaserSource > 0;
    }

    /** Share of a port's failures (internal lasers included) that are laser wear-out, announced by margin erosion. */
    public double laserShare() {
        double total = portFit();
        return total > 0 && !externalLasers() ? lasersPerPort * laserFit / total : 0;
    }

    /**
     * Share of a port's failures drained before they interrupt: laser wear-out failures ({@link #laserShare()}) that
     * degrade gradually ({@code gradualFraction}) and announce themselves early enough. A wearing laser's output falls
     * at {@code declineDbPerHourAtReference x laserAgeingFactor} (hotter: faster); telemetry warns once it has fallen
     * {@code warningDb}, and the link fails when the fall reaches its optical margin, so the warning comes {@code L =
     * (margin - warningDb) / rate} hours ahead (none when the margin is below the warning threshold). With lead times
     * spread exponentially about L, the warning is acted on (drain at a checkpoint) with probability {@code
     * exp(-reactionHours / L)}: more margin drains more, a hotter laser less per failure.
     */
    public double drainableShare(
            double gradualFraction, double warningDb, double declineDbPerHourAtReference, double reactionHours) {
        return laserShare() * gradualFraction * warnedInTime(warningDb, declineDbPerHourAtReference, reactionHours);
    }

    /**
     * Probability that a gradually wearing laser's warning comes at least {@code reactionHours} before the link fails:
     * {@code exp(-reactionHours / L)} with L the {@link #warningLeadHours lead time}; 0 without lead time.
     */
    public double warnedInTime(double warningDb, double declineDbPerHourAtReference, double reactionHours) {
        double lead = warningLeadHours(warningDb, declineDbPerHourAtReference);
        return lead > 0 ? Math.exp(-reactionHours / lead) : 0;
    }

    /**
     * Hours from the telemetry warning to the link failure of a gradually wearing laser: {@code (margin - warningDb) /
     * (declineDbPerHourAtReference x laserAgeingFactor)}; 0 without margin above the warning (or without lasers).
     */
    public double warningLeadHours(double warningDb, double declineDbPerHourAtReference) {
        if (Double.isNaN(opticalMarginDb) || opticalMarginDb <= warningDb || lasersPerPort == 0) {
            return 0;
        }
        return (opticalMarginDb - warningDb) / (declineDbPerHourAtReference * laserAgeingFactor);
    }

    /** FIT of one port's optics: electronics plus internal lasers (external lasers are counted in the sources). */
    public double portFit() {
        return endElectronicsFit + (externalLasers() ? 0 : lasersPerPort * laserFit);
    }
}
