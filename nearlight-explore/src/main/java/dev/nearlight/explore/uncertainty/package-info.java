/**
 * How robust a comparison is: Monte Carlo over the catalogue's and the economics defaults' ranges (the confidence sets
 * the spread), each row's interval and each alternative's probability of being the best ({@link
 * dev.nearlight.explore.uncertainty.UncertaintyAnalysis}), and the parameter values at which two alternatives swap
 * places ({@link dev.nearlight.explore.uncertainty.BreakEvenSolver}). See docs/economics.md.
 */
package dev.nearlight.explore.uncertainty;
