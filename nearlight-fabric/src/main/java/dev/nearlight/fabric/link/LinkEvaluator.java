package dev.nearlight.fabric.link;

import java.util.List;

/**
 * The seam between fabrics and the link model: quotes one link of a technology at a rate and length. The fabric
 * module calls it once per distinct (technology, rate, length bucket) through {@link LinkPlanner}, never per link.
 */
public interface LinkEvaluator {
    /** Quotes a link; never throws for unreachable lengths but returns a quote with {@code feasible = false}. */
    LinkQuote quote(String technologyId, double rateGbps, double lengthM);

    /** Longest length the technology reaches at the rate, metres. */
    double reachM(String technologyId, double rateGbps);

    /** Copper technologies to try, shortest-reach (cheapest) first, for Ethernet-class or PCIe links. */
    List<String> copperTechnologies(boolean pcie);

    /** All technology ids this evaluator knows. */
    List<String> technologyIds();

    /**
     * What one end of a link of this technology is made of and what its parts cost (module per port, engine
     * capacity and price, external laser module price), for bills of materials that count engines per switch.
     */
    EndParts parts(String technologyId, double rateGbps);

    /** Whether the evaluator has a part of this technology at this rate (a copper candidate absent at a rate is skipped). */
    default boolean offers(String technologyId, double rateGbps) {
        return true;
    }

    /** The copper technologies of {@link #copperTechnologies(boolean)} that are offered at the rate. */
    default List<String> copperTechnologies(boolean pcie, double rateGbps) {
        return copperTechnologies(pcie).stream()
                .filter(t -> offers(t, rateGbps))
                .toList();
    }
}
