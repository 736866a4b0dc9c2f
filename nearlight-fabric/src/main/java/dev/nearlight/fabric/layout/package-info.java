/** Physical floor plan (racks, rows, rack units) from which every link length of a fabric follows. */
package dev.nearlight.fabric.layout;
