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
        double endCostUsd) {

    /** The facts of one evaluated link, with the laser FIT multiplied by {@code laserFitFactor}. */
    public static OpticsFacts of(LinkReport r, double coolantC, double laserFitFactor, double endCostUsd) {
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
                endCostUsd);
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

    /** FIT of one port's optics: electronics plus internal lasers (external lasers are counted in the sources). */
    public double portFit() {
        return endElectronicsFit + (externalLasers() ? 0 : lasersPerPort * laserFit);
    }
}
