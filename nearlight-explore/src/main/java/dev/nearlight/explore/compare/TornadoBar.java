package dev.nearlight.explore.compare;

/**
 * One bar of a tornado chart: the metric at a parameter's low and high setting, all else at baseline.
 *
 * @param parameter parameter id
 * @param label parameter label, e.g. {@code Electricity price}
 * @param lowSetting low setting as shown, e.g. {@code x0.5}
 * @param highSetting high setting as shown, e.g. {@code x2}
 * @param lowValue metric value at the low setting
 * @param highValue metric value at the high setting
 */
public record TornadoBar(
        String parameter, String label, String lowSetting, String highSetting, double lowValue, double highValue) {
    /** The width of the bar: |high - low|. */
    public double swing() {
        return Math.abs(highValue - lowValue);
    }
}
