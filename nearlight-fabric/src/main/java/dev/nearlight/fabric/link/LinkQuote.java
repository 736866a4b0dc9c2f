package dev.nearlight.fabric.link;

/**
 * What one physical link costs, for both of its ends together: the fabric-level view of a link report.
 *
 * @param technologyId technology used (e.g. {@code dac}, {@code pluggable-dsp}, {@code npo})
 * @param medium {@code copper} or {@code optical}
 * @param feasible false when the technology cannot reach the length or rate
 * @param reason why not feasible (empty when feasible)
 * @param opticsPowerW power of modules/engines/active-cable electronics, both ends, watts
 * @param hostSerdesPowerW host-side SerDes power, both ends, watts
 * @param latencyNs one-way latency: both ends' added latency, FEC and flight, ns
 * @param costUsd modules/engines/cable price, USD
 * @param transceivers pluggable modules (or active-cable ends) at both ends
 * @param opticalEngines NPO/CPO optical engines attributed to this link (fractional share, both ends)
 * @param externalLaserModules external laser (ELS) modules attributed to this link (fractional share)
 * @param fibres optical fibres in the link (0 for copper)
 * @param cables cables (1 per link: a copper cable or a fibre jumper/trunk)
 */
public record LinkQuote(
        String technologyId,
        String medium,
        boolean feasible,
        String reason,
        double opticsPowerW,
        double hostSerdesPowerW,
        double latencyNs,
        double costUsd,
        int transceivers,
        double opticalEngines,
        double externalLaserModules,
        int fibres,
        int cables) {}
