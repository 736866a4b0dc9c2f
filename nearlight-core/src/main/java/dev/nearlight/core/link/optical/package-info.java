/** Optical power budget, BER from the Q factor, and post-FEC frame loss. */
package dev.nearlight.core.link.optical;
