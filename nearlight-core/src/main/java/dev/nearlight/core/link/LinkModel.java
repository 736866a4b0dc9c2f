package dev.nearlight.core.link;

/** Evaluates one link design to a report of power, latency, margins, BER, temperature, failure rate and cost. */
public interface LinkModel {
    /** Evaluates a design; infeasible designs give a report with {@code feasible() == false} and the reasons. */
    LinkReport evaluate(LinkDesign design);
}
