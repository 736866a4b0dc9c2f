package dev.nearlight.explore.uncertainty;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.tco.EconomicsDefaults;

/**
 * Builds an evaluator over a changed catalogue and economics defaults (a Monte Carlo sample, or one number set for a
 * break-even search), with the base ones it changes.
 */
public interface SampleEvaluators {
    /** The catalogue as loaded. */
    Catalogue baseCatalogue();

    /** The economics defaults as shipped. */
    EconomicsDefaults baseEconomics();

    /**
     * The step model's error against published runs, drawn once per Monte Carlo sample and applied to every column
     * alike: the spread of the step model over the base catalogue's GPUs (the shipped spread unless a catalogue file
     * changes a GPU), not redrawn per sample.
     */
    default dev.nearlight.sim.train.StepModelError stepModelError() {
        return dev.nearlight.sim.train.StepModelError.of(
                dev.nearlight.sim.train.AcceleratorCatalog.load(baseCatalogue()));
    }

    /** An evaluator over these numbers, with the reliability defaults as shipped (and the scenario's overrides). */
    default AlternativeEvaluator evaluator(Catalogue catalogue, EconomicsDefaults economics) {
        return evaluator(catalogue, economics, java.util.function.UnaryOperator.identity());
    }

    /** An evaluator over these numbers, with the reliability defaults (after the scenario's overrides) passed through
     * {@code reliability}. */
    AlternativeEvaluator evaluator(
            Catalogue catalogue,
            EconomicsDefaults economics,
            java.util.function.UnaryOperator<dev.nearlight.sim.reliability.ReliabilityDefaults> reliability);
}
