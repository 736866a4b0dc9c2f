/**
 * The scenario file of {@code nearlight compare}: validated records bound from YAML by {@link
 * dev.nearlight.explore.scenario.ScenarioLoader}, which turns every binding or validation problem into one {@code
 * file:line:column: field: problem (fix)} line. The schema is documented in {@code docs/scenario.md}.
 */
package dev.nearlight.explore.scenario;
