package dev.nearlight.sim.train;

import java.util.Arrays;
import java.util.List;

/**
 * The step model's own error, as the spread of measured over predicted step time on published runs it was not fitted
 * to (the {@code checked} rows of {@link TrainingValidation#HELD_OUT_RESOURCE}, the rows {@code nearlight validate
 * training} prints). An answer built on a predicted step time (time to train, energy, cost per trained model) moves by
 * this much for reasons no catalogue range covers: software releases, kernels and layouts the model does not carry.
 * Quantiles interpolate between the sorted ratios (Hyndman and Fan's type 7), so {@code quantile(0)} and {@code
 * quantile(1)} are the worst rows on either side.
 *
 * @param ratios measured / predicted step time per run, sorted ascending, all finite and positive
 * @param source what the ratios were measured on, in words
 * @param shortestStepS the shortest predicted step time among those runs, in seconds (NaN when not known): below it
 *     the band was measured on no run, and {@link #covers} says so
 */
public record StepModelError(double[] ratios, String source, double shortestStepS) {
    /** Lower quantile of the band the commands print (compare's intervals are 5-95 % too). */
    public static final double BAND_LOW = 0.05;

    /** Upper quantile of the band the commands print. */
    public static final double BAND_HIGH = 0.95;

    /** A spread whose runs' step times are not known ({@link #covers} is then always true). */
    public StepModelError(double[] ratios, String source) {
        this(ratios, source, Double.NaN);
    }

    /** Validates and copies the ratios (sorted). */
    public StepModelError {
        if (!Double.isNaN(shortestStepS) && !(shortestStepS > 0 && Double.isFinite(shortestStepS))) {
            throw new IllegalArgumentException(
                    "the shortest step time must be finite and > 0 (or NaN): " + shortestStepS);
        }
        if (ratios == null || ratios.length == 0) {
            throw new IllegalArgumentException("at least one measured/predicted ratio is required");
        }
        ratios = ratios.clone();
        Arrays.sort(ratios);
        for (double r : ratios) {
            if (!(r > 0) || !Double.isFinite(r)) {
                throw new IllegalArgumentException("a measured/predicted step-time ratio must be finite and > 0: " + r);
            }
        }
    }

    /** The spread of the model's never-fitted rows among {@code rows} (refused rows are left out). */
    public static StepModelError ofCheckedRows(List<TrainingValidation.Row> rows, String source) {
        List<TrainingValidation.Row> used = rows.stream()
                .filter(x -> "checked".equals(x.role()))
                .filter(x -> Double.isFinite(x.stepTimeRatio()))
                .toList();
        double[] r =
                used.stream().mapToDouble(TrainingValidation.Row::stepTimeRatio).toArray();
        double shortest = used.stream()
                .mapToDouble(TrainingValidation.Row::predictedStepS)
                .filter(d -> d > 0 && Double.isFinite(d))
                .min()
                .orElse(Double.NaN);
        return new StepModelError(r, source, shortest);
    }

    /**
     * The spread on the bundled held-out public runs that were never fitted, evaluated with {@code catalog} and the
     * default calibration, the numbers {@code nearlight validate training} prints as "Checked rows only".
     */
    public static StepModelError heldOut(AcceleratorCatalog catalog) {
        return ofCheckedRows(
                new TrainingValidation(catalog).runHeldOut(), "published runs the step model was not fitted to");
    }

    /**
     * {@link #heldOut} over the shipped accelerator catalogue, computed once per JVM (the default every command shares).
     */
    public static StepModelError shipped() {
        return Shipped.VALUE;
    }

    /**
     * The spread of the model a command actually runs: {@link #shipped()} when {@code catalog}'s accelerators are the
     * shipped ones (a {@code --catalogue} file that changes only optics or switches), otherwise the held-out rows
     * re-run with {@code catalog}, so a changed GPU number moves the band with the step it prices (once per distinct
     * catalogue and JVM).
     */
    public static StepModelError of(AcceleratorCatalog catalog) {
        if (catalog.sameAcceleratorsAs(Shipped.CATALOG)) {
            return shipped();
        }
        synchronized (OTHERS) {
            for (var e : OTHERS.entrySet()) {
                if (e.getKey().sameAcceleratorsAs(catalog)) {
                    return OTHERS.get(e.getKey()); // get, not the entry: marks it recently used
                }
            }
            StepModelError err = heldOut(catalog);
            OTHERS.put(catalog, err);
            return err;
        }
    }

    /** Spreads of catalogues other than the shipped one, the 16 most recently used (a server sees many catalogues). */
    private static final java.util.Map<AcceleratorCatalog, StepModelError> OTHERS =
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<AcceleratorCatalog, StepModelError> eldest) {
                    return size() > 16;
                }
            };

    /** Lazy holder: the held-out rows run on first use only. */
    private static final class Shipped {
        static final AcceleratorCatalog CATALOG = AcceleratorCatalog.load();
        static final StepModelError VALUE = heldOut(CATALOG);
    }

    /** Number of runs. */
    public int runs() {
        return ratios.length;
    }

    /** The ratios, sorted ascending (a copy). */
    @Override
    public double[] ratios() {
        return ratios.clone();
    }

    /** The {@code u}-quantile of measured / predicted step time, {@code u} in [0, 1]. */
    public double quantile(double u) {
        if (!(u >= 0 && u <= 1)) {
            throw new IllegalArgumentException("quantile level must be in [0, 1]: " + u);
        }
        double h = (ratios.length - 1) * u;
        int lo = (int) Math.floor(h);
        int hi = Math.min(ratios.length - 1, lo + 1);
        return ratios[lo] + (h - lo) * (ratios[hi] - ratios[lo]);
    }

    /**
     * Whether a step of {@code stepS} seconds lies in the range the spread was measured on: at least as long as the
     * shortest of its runs. Shorter steps are where the model is known to be optimistic (docs/validation.md, MLPerf
     * Llama 3.1 8B), so the band says nothing about them.
     */
    public boolean covers(double stepS) {
        return Double.isNaN(shortestStepS) || stepS >= shortestStepS;
    }

    /**
     * The sentence every command prints when a step of {@code stepS} seconds lies outside the spread's runs ({@link
     * #covers} false), so {@code train} and {@code compare} say it alike; empty when the band covers the step.
     */
    public String outsideNote(double stepS) {
        if (covers(stepS)) {
            return "";
        }
        return String.format(
                java.util.Locale.ROOT,
                "a %.3f s step is shorter than any of the %d runs behind the band (shortest %.3f s), so the band does"
                        + " not cover it; on short strong-scaling steps the model has been optimistic"
                        + " (docs/validation.md, MLPerf Llama 3.1 8B)",
                stepS,
                runs(),
                shortestStepS);
    }

    /** The span between two quantiles as factors, e.g. {@code x0.89..x1.10}. */
    public String span(double lowQuantile, double highQuantile) {
        return String.format(java.util.Locale.ROOT, "x%.2f..x%.2f", quantile(lowQuantile), quantile(highQuantile));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepModelError e
                && Arrays.equals(ratios, e.ratios)
                && source.equals(e.source)
                && Double.compare(shortestStepS, e.shortestStepS) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(ratios) + source.hashCode()) + Double.hashCode(shortestStepS);
    }

    @Override
    public String toString() {
        return "StepModelError[" + runs() + " runs, " + source + "]";
    }
}
