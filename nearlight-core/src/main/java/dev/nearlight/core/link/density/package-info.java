/** Bandwidth density (Gb/s per mm of shoreline) and escape bandwidth of a device. */
package dev.nearlight.core.link.density;
