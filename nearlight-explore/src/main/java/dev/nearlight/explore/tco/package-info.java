/**
 * Lifetime total cost of ownership of one interconnect alternative: capex plus discounted opex (energy, repair parts
 * and labour, lost GPU-hours) as an NPV, its waterfall components, and the cost per trained model.
 */
package dev.nearlight.explore.tco;
