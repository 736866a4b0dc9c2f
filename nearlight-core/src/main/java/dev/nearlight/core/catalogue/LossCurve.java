package dev.nearlight.core.catalogue;

import java.util.List;

/**
 * Loss versus frequency as {@code a*sqrt(f) + b*f} (skin-effect conductor loss plus dielectric loss; Bogatin), fitted
 * by least squares to reference points at catalogue load so that evaluation is two multiplications.
 *
 * @param a conductor coefficient per sqrt(GHz)
 * @param b dielectric coefficient per GHz
 */
public record LossCurve(double a, double b) {

    /**
     * Least-squares fit of {@code a*sqrt(f) + b*f} to the points' default values. One point gives a pure dielectric
     * ({@code b*f}) curve through it. Coefficients are clamped at zero (a loss never falls with frequency).
     */
    public static LossCurve fit(List<LossPoint> points) {
        if (points.size() == 1) {
            LossPoint p = points.get(0);
            return new LossCurve(0, p.loss().value() / p.frequencyGhz());
        }
        // normal equations for x1 = sqrt(f), x2 = f
        double s11 = 0, s12 = 0, s22 = 0, t1 = 0, t2 = 0;
        for (LossPoint p : points) {
            double x1 = Math.sqrt(p.frequencyGhz());
            double x2 = p.frequencyGhz();
            double y = p.loss().value();
            s11 += x1 * x1;
            s12 += x1 * x2;
            s22 += x2 * x2;
            t1 += x1 * y;
            t2 += x2 * y;
        }
        double det = s11 * s22 - s12 * s12;
        double a = (t1 * s22 - t2 * s12) / det;
        double b = (s11 * t2 - s12 * t1) / det;
        if (a < 0) { // pure dielectric fit
            return new LossCurve(0, t2 / s22);
        }
        if (b < 0) { // pure conductor fit
            return new LossCurve(t1 / s11, 0);
        }
        return new LossCurve(a, b);
    }

    /** Loss at {@code frequencyGhz}. */
    public double at(double frequencyGhz) {
        return a * Math.sqrt(frequencyGhz) + b * frequencyGhz;
    }
}
