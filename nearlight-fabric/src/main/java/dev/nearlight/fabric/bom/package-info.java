/** Bill of materials and the power and cost roll-up of a fabric, per tier, per link class and in total. */
package dev.nearlight.fabric.bom;
