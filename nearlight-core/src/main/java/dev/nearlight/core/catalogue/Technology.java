package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One interconnect technology at one data rate (e.g. a 1.6T DR8 pluggable with DSP), with everything the link model
 * needs: electrical behaviour towards the host, per-end power split into DSP/retimer, analog (driver, TIA,
 * modulator) and lasers, latencies, optical PMD, medium, reach, reliability, serviceability, density and cost. All
 * per-end figures are for one end of the link (one module, engine or cable end).
 *
 * @param id unique id, e.g. {@code pluggable-dsp-dr8-1.6t}
 * @param name readable name
 * @param family technology family
 * @param medium copper or optical
 * @param protocol Ethernet, PCIe or CXL
 * @param rateGbps data rate per direction
 * @param lanes electrical lanes per direction
 * @param electrical how the module terminates the host channel
 * @param minHostTier lowest host SerDes class the technology works with
 * @param hostChannelLimitDb largest host channel insertion loss the module or engine interface tolerates
 * @param linearPenaltyDb loss-equivalent the linear path adds to the host SerDes's channel (0 when retimed)
 * @param equalizationGainDb redriver gain per cable end (ACC), 0 otherwise
 * @param mediumBudgetDb the in-cable retimer's budget for the cable segment (AEC), 0 otherwise
 * @param placement default placement of each end
 * @param defaultReachM default link length
 * @param reachM maximum reach (value = catalogue reach; the model also checks the budgets)
 * @param cooling default cooling type
 * @param modulePowerW published module or engine power per end (reference, checked against the sum of parts)
 * @param dspW DSP or retimer power per end
 * @param analogW driver, TIA, modulator, CDR-less analog and control power per end
 * @param dspLatencyNs DSP or retimer latency per end
 * @param analogLatencyNs E-O-E analog latency per end
 * @param laser laser id, or {@code none}
 * @param lasersPerEnd lasers per link end
 * @param pmd optical PMD id, or {@code none}
 * @param fibre fibre id, or {@code none}
 * @param cable cable id, or {@code none}
 * @param opticalConnectors optical connections in the fibre path
 * @param fec FEC id
 * @param electronicsFit non-laser FIT per end (DSP, driver, TIA, photodiode)
 * @param fru field-replaceable unit
 * @param hotSwap whether the FRU is hot-swappable
 * @param mttrH mean time to repair
 * @param endCostUsd cost per end (module, engine share or cable end)
 * @param shoreline what edge the port consumes
 * @param shorelineMmPerPort edge length consumed per port
 * @param engineGbps capacity of one optical engine (NPO/CPO only; optional, null for modules and cables): a switch's
 *     engines are sized by bandwidth, {@code ceil(engine-side ports x rate / engineGbps)}
 */
public record Technology(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) TechnologyFamily family,
        @JsonProperty(required = true) Medium medium,
        @JsonProperty(required = true) Protocol protocol,
        @JsonProperty(required = true) double rateGbps,
        @JsonProperty(required = true) int lanes,
        @JsonProperty(required = true) ElectricalMode electrical,
        @JsonProperty(required = true) SerdesTier minHostTier,
        @JsonProperty(required = true) Param hostChannelLimitDb,
        @JsonProperty(required = true) Param linearPenaltyDb,
        @JsonProperty(required = true) Param equalizationGainDb,
        @JsonProperty(required = true) Param mediumBudgetDb,
        @JsonProperty(required = true) Placement placement,
        @JsonProperty(required = true) double defaultReachM,
        @JsonProperty(required = true) Param reachM,
        @JsonProperty(required = true) CoolingType cooling,
        @JsonProperty(required = true) Param modulePowerW,
        @JsonProperty(required = true) Param dspW,
        @JsonProperty(required = true) Param analogW,
        @JsonProperty(required = true) Param dspLatencyNs,
        @JsonProperty(required = true) Param analogLatencyNs,
        @JsonProperty(required = true) String laser,
        @JsonProperty(required = true) int lasersPerEnd,
        @JsonProperty(required = true) String pmd,
        @JsonProperty(required = true) String fibre,
        @JsonProperty(required = true) String cable,
        @JsonProperty(required = true) int opticalConnectors,
        @JsonProperty(required = true) String fec,
        @JsonProperty(required = true) Param electronicsFit,
        @JsonProperty(required = true) Fru fru,
        @JsonProperty(required = true) boolean hotSwap,
        @JsonProperty(required = true) Param mttrH,
        @JsonProperty(required = true) Param endCostUsd,
        @JsonProperty(required = true) Shoreline shoreline,
        @JsonProperty(required = true) Param shorelineMmPerPort,
        Param engineGbps)
        implements CatalogueEntry {

    /** Id used in reference fields for "not applicable". */
    public static final String NONE = "none";

    /** Validates the fields (cross-references are checked by the catalogue). */
    public Technology {
        Require.id(id, "id");
        Require.present(name, "name");
        Require.present(family, "family");
        Require.present(medium, "medium");
        Require.present(protocol, "protocol");
        Require.positive(rateGbps, "rateGbps");
        Require.atLeast(lanes, 1, "lanes");
        Require.present(electrical, "electrical");
        Require.present(minHostTier, "minHostTier");
        Require.present(hostChannelLimitDb, "hostChannelLimitDb");
        Require.present(linearPenaltyDb, "linearPenaltyDb");
        Require.present(equalizationGainDb, "equalizationGainDb");
        Require.present(mediumBudgetDb, "mediumBudgetDb");
        Require.present(placement, "placement");
        Require.nonNegative(defaultReachM, "defaultReachM");
        Require.present(reachM, "reachM");
        if (defaultReachM > reachM.value()) {
            throw new IllegalArgumentException(
                    "defaultReachM: " + defaultReachM + " exceeds reachM " + reachM.value() + " (shorten it)");
        }
        Require.present(cooling, "cooling");
        Require.power(Require.present(modulePowerW, "modulePowerW"), "modulePowerW");
        Require.power(Require.nonNegative(Require.present(dspW, "dspW"), "dspW"), "dspW");
        Require.power(Require.nonNegative(Require.present(analogW, "analogW"), "analogW"), "analogW");
        Require.present(dspLatencyNs, "dspLatencyNs");
        Require.present(analogLatencyNs, "analogLatencyNs");
        Require.id(laser, "laser");
        Require.atLeast(lasersPerEnd, 0, "lasersPerEnd");
        Require.id(pmd, "pmd");
        Require.id(fibre, "fibre");
        Require.id(cable, "cable");
        Require.atLeast(opticalConnectors, 0, "opticalConnectors");
        Require.id(fec, "fec");
        Require.present(electronicsFit, "electronicsFit");
        Require.present(fru, "fru");
        Require.present(mttrH, "mttrH");
        Require.present(endCostUsd, "endCostUsd");
        Require.present(shoreline, "shoreline");
        Require.present(shorelineMmPerPort, "shorelineMmPerPort");
        Require.positive(shorelineMmPerPort.min(), "shorelineMmPerPort.min");
        if (engineGbps != null) {
            Require.positive(engineGbps.min(), "engineGbps.min");
        }
        if (medium == Medium.OPTICAL && (NONE.equals(pmd) || NONE.equals(fibre))) {
            throw new IllegalArgumentException("pmd: an OPTICAL technology needs a pmd and a fibre id");
        }
        if (medium == Medium.COPPER && NONE.equals(cable)) {
            throw new IllegalArgumentException("cable: a COPPER technology needs a cable id");
        }
        if (lasersPerEnd > 0 && NONE.equals(laser)) {
            throw new IllegalArgumentException("laser: lasersPerEnd > 0 needs a laser id");
        }
    }

    /** Payload rate per lane in Gb/s. */
    public double laneGbps() {
        return rateGbps / lanes;
    }
}
