package dev.nearlight.fabric.link;

/**
 * What one physical link costs, for both of its ends together: the fabric-level view of a link report.
 *
 * <p><b>Per end vs per link.</b> An evaluator quotes a link whose two ends carry the same part, so one end is exactly
 * half of a quote (power, module and engine shares, laser modules, latency added at the end, part cost; the medium
 * is shared half and half). A link whose ends carry different parts (a CPO switch port to a NIC's pluggable) is
 * {@link #combine combined} from the halves of the two symmetric quotes: each end's power, cost, latency, modules and
 * engines are counted at its own end, and the link's figures are their sum. {@link LinkPlanner} keeps the
 * symmetric quote of each end beside the link's quote and names a mixed link switch end first
 * ({@code cpo+pluggable-dsp}).
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
 * @param opticalEngines NPO/CPO engine bandwidth share of this link, in engines (both ends; whole engines are
 *     counted per switch from its bandwidth by {@code FabricRollup}, never by summing these shares)
 * @param externalLaserModules external laser (ELS) modules per link, both ends (per port: half)
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
        int cables) {
    /** Whether the two ends of a link of this quote carry different parts (a combined quote). */
    public boolean mixed() {
        return technologyId.contains(MIXED_SEPARATOR);
    }

    /** Separator of the two end technologies in the id of a combined quote ({@code cpo+pluggable-dsp}). */
    public static final String MIXED_SEPARATOR = "+";

    /**
     * A link whose end {@code a} carries the part of quote {@code a} and end {@code b} the part of quote {@code b}:
     * half of each symmetric quote (see the class comment); feasible when both are; optical when either is.
     */
    public static LinkQuote combine(LinkQuote a, LinkQuote b) {
        if (a.equals(b)) {
            return a;
        }
        String reason = String.join(
                "; ",
                java.util.stream.Stream.of(a.reason, b.reason)
                        .filter(r -> !r.isEmpty())
                        .toList());
        boolean optical = "optical".equals(a.medium) || "optical".equals(b.medium);
        return new LinkQuote(
                a.technologyId + MIXED_SEPARATOR + b.technologyId,
                optical ? "optical" : "copper",
                a.feasible && b.feasible,
                reason,
                (a.opticsPowerW + b.opticsPowerW) / 2,
                (a.hostSerdesPowerW + b.hostSerdesPowerW) / 2,
                (a.latencyNs + b.latencyNs) / 2,
                (a.costUsd + b.costUsd) / 2,
                (a.transceivers + b.transceivers) / 2,
                (a.opticalEngines + b.opticalEngines) / 2,
                (a.externalLaserModules + b.externalLaserModules) / 2,
                Math.max(a.fibres, b.fibres),
                1);
    }
}
