/**
 * The web studio ({@code nearlight studio}): edit a scenario in a form or as YAML with the loader's located messages,
 * browse the catalogue and save named overrides, run comparisons in the background with live progress, keep a run
 * history in the database and diff two runs. Model logic stays in {@code dev.nearlight.explore}; the charts are the
 * report's ({@link dev.nearlight.studio.report}).
 */
package dev.nearlight.studio;
