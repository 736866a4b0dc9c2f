/** Thermal-resistance model, Arrhenius laser failure acceleration and annualised failure rate. */
package dev.nearlight.core.link.thermal;
