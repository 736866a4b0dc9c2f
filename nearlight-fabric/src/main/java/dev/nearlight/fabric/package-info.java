/** Topology builders, routing, bill of materials and the power and cost roll-up of a whole fabric. */
package dev.nearlight.fabric;
