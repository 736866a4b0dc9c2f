package dev.nearlight.core.link;

import dev.nearlight.core.catalogue.Fru;
import dev.nearlight.core.catalogue.Medium;
import dev.nearlight.core.catalogue.PowerBoundary;
import dev.nearlight.core.catalogue.TechnologyFamily;
import java.util.List;
import java.util.Map;

/**
 * The evaluation of one link: feasibility with reasons, power, latency, electrical and optical margins, BER,
 * temperatures, failure rates, cost and density, plus the bill-of-materials facts a fabric needs. Values that do not
 * apply (e.g. optical margin of a copper link, laser figures without lasers) are {@code NaN}. Breakdown maps are
 * unmodifiable and keyed by enums whose {@code key()} is the JSON name.
 *
 * @param technology technology id
 * @param family technology family
 * @param medium copper or optical
 * @param dataRateGbps data rate per direction
 * @param feasible whether every budget closes
 * @param reasons why not, one line each (empty when feasible)
 * @param powerW total link power (boundary LINK: both ends' modules or engines, lasers incl. external sources, board retimers and host
 *     SerDes)
 * @param energyPjPerBit {@code powerW / dataRateGbps * 1000}
 * @param powerBreakdownW power by item
 * @param latencyNs one-way latency
 * @param latencyBreakdownNs latency by item
 * @param hostLossDb host channel insertion loss at Nyquist per end
 * @param serdesClass chosen host SerDes class id per end ({@code none} when no class closes)
 * @param nyquistGhz frequency of the electrical budgets
 * @param electricalMarginDb smallest electrical margin over all segments
 * @param opticalMarginDb optical budget margin
 * @param preFecBer pre-FEC BER (electrical plus optical)
 * @param postFecFlr post-FEC frame (codeword) loss ratio
 * @param engineTempC module or engine case temperature
 * @param laserTempC laser temperature
 * @param laserFit FIT of one laser at its temperature
 * @param linkFit FIT of the whole link (both ends, lasers and electronics)
 * @param linkAfrPercent annualised failure rate of the link in percent
 * @param costUsd link cost (both ends, medium, external laser share)
 * @param costUsdPerGbps {@code costUsd / dataRateGbps}
 * @param shorelineGbpsPerMm bandwidth per mm of the edge the port consumes
 * @param reachM link length
 * @param maxReachM catalogue reach of the technology
 * @param modulesPerEnd transceivers, engines or active cable ends per link end (0 for passive copper)
 * @param externalLaserModulesPerLink external laser source modules per link (a fraction when shared)
 * @param lasersPerEnd lasers per link end
 * @param fru field-replaceable unit
 * @param hotSwap whether the FRU is hot-swappable
 * @param mttrH mean time to repair
 * @param modulePowerW power of one module, engine or active cable end as datasheets quote it (DSP, analog and
 *     internal lasers; no host SerDes, board retimer or external laser source)
 * @param moduleBoundary what {@code modulePowerW} covers: MODULE for pluggables and cables, ENGINE for NPO/CPO
 * @param lengthSource whether {@code reachM} came from the caller (layout, option) or the catalogue default
 */
public record LinkReport(
        String technology,
        TechnologyFamily family,
        Medium medium,
        double dataRateGbps,
        boolean feasible,
        List<String> reasons,
        double powerW,
        double energyPjPerBit,
        Map<PowerItem, Double> powerBreakdownW,
        double latencyNs,
        Map<LatencyItem, Double> latencyBreakdownNs,
        Map<End, Double> hostLossDb,
        Map<End, String> serdesClass,
        double nyquistGhz,
        double electricalMarginDb,
        double opticalMarginDb,
        double preFecBer,
        double postFecFlr,
        double engineTempC,
        double laserTempC,
        double laserFit,
        double linkFit,
        double linkAfrPercent,
        double costUsd,
        double costUsdPerGbps,
        double shorelineGbpsPerMm,
        double reachM,
        double maxReachM,
        int modulesPerEnd,
        double externalLaserModulesPerLink,
        int lasersPerEnd,
        Fru fru,
        boolean hotSwap,
        double mttrH,
        double modulePowerW,
        PowerBoundary moduleBoundary,
        LengthSource lengthSource) {

    /** Copies collections to keep the report immutable. */
    public LinkReport {
        reasons = List.copyOf(reasons);
        powerBreakdownW = Map.copyOf(powerBreakdownW);
        latencyBreakdownNs = Map.copyOf(latencyBreakdownNs);
        hostLossDb = Map.copyOf(hostLossDb);
        serdesClass = Map.copyOf(serdesClass);
    }

    /** Host SerDes power of one link end (half of the HOST_SERDES item). */
    public double hostSerdesPowerWPerEnd() {
        return power(PowerItem.HOST_SERDES) / 2;
    }

    /** Power of one breakdown item (0 when absent). */
    public double power(PowerItem item) {
        return powerBreakdownW.getOrDefault(item, 0.0);
    }

    /** Latency of one breakdown item (0 when absent). */
    public double latency(LatencyItem item) {
        return latencyBreakdownNs.getOrDefault(item, 0.0);
    }

    /** Lasers per port (per link end), as fabric BOMs count them. */
    public int lasersPerPort() {
        return lasersPerEnd;
    }
}
