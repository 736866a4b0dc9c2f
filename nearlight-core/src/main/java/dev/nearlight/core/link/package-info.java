/**
 * The physical-layer link model: a {@link dev.nearlight.core.link.LinkDesign} evaluates through a
 * {@link dev.nearlight.core.link.LinkModel} to a {@link dev.nearlight.core.link.LinkReport}. Sub-models live in
 * topic packages (electrical, optical, thermal, density); every equation is in docs/physics.md.
 */
package dev.nearlight.core.link;
