/**
 * The component catalogue: YAML data (one file per kind, shipped in resources) validated on load, where every number
 * is a {@link dev.nearlight.core.catalogue.Param} with range, unit, source and confidence.
 */
package dev.nearlight.core.catalogue;
