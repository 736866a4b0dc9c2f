/** Units, the component catalogue and the physical-layer link model that every other module builds on. */
package dev.nearlight.core;
