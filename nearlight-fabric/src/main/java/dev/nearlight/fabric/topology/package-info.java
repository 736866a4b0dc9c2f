/**
 * Topology builders: rail-optimized and plain fat trees (2 and 3 tiers), 2-D/3-D tori, dragonflies, scale-up
 * domains and PCIe/CXL fabrics. Each validates its parameters with a one-line {@code InputException}.
 */
package dev.nearlight.fabric.topology;
