/**
 * Fabric descriptions: {@link dev.nearlight.fabric.spec.FabricSpec} (YAML spec files and CLI options), its reader
 * with line:column errors, and {@link dev.nearlight.fabric.spec.FabricFactory}, which resolves defaults and builds.
 */
package dev.nearlight.fabric.spec;
