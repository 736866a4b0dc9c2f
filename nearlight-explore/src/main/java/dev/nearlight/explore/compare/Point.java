package dev.nearlight.explore.compare;

/**
 * One point of a curve.
 *
 * @param x abscissa in the series' x unit
 * @param y ordinate in the series' y unit
 */
public record Point(double x, double y) {}
