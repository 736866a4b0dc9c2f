package dev.nearlight.sim.train;

import java.util.Locale;

/**
 * The settings of a training run that are not layout choices: the {@link ParallelismSearch} keeps them fixed and
 * varies only the layout (degrees, micro-batch, interleaving, recomputation, sharding), so a searched layout is
 * evaluated exactly as the same layout given by hand with these settings.
 *
 * @param hiddenDropout dropout after attention and MLP ({@link Parallelism#hiddenDropout}); its masks take memory
 * @param sequenceParallel Megatron sequence parallelism on every layout with tp > 1 (the search then skips layouts
 *     whose seq / cp is not divisible by tp, which sequence parallelism cannot split); false = off everywhere
 * @param gradReduceBf16 gradients accumulated and reduced in BF16 instead of FP32 ({@link Parallelism#gradReduceBf16})
 * @param overlapGradReduce overlap the gradient reduction with the last backward pass
 * @param overlapParamGather overlap the parameter all-gather with the first forward pass
 * @param tpCommOverlap overlap TP collectives with the GEMMs
 * @param flashAttention fused attention
 * @param calibration the step model's constants (null = {@link StepCalibration#defaults()})
 * @param software the run's kernels and framework facts (null = {@link RunSoftware#DEFAULT})
 */
public record RunSettings(
        boolean hiddenDropout,
        boolean sequenceParallel,
        boolean gradReduceBf16,
        boolean overlapGradReduce,
        boolean overlapParamGather,
        boolean tpCommOverlap,
        boolean flashAttention,
        StepCalibration calibration,
        RunSoftware software) {

    public RunSettings {
        if (calibration == null) {
            calibration = StepCalibration.defaults();
        }
        if (software == null) {
            software = RunSoftware.DEFAULT;
        }
    }

    /**
     * The defaults of {@code nearlight train} and of a scenario workload: dropout on (Megatron-LM's GPT default),
     * sequence parallelism where tp > 1, FP32 gradient reduction, all overlaps, fused attention, fitted calibration.
     */
    public static RunSettings defaults() {
        return new RunSettings(true, true, false, true, true, true, true, null, null);
    }

    /** The same settings with dropout on or off. */
    public RunSettings withHiddenDropout(boolean v) {
        return new RunSettings(
                v,
                sequenceParallel,
                gradReduceBf16,
                overlapGradReduce,
                overlapParamGather,
                tpCommOverlap,
                flashAttention,
                calibration,
                software);
    }

    /** Whether a layout of tensor-parallel degree {@code tp} runs sequence parallelism under these settings. */
    public boolean sequenceParallelAt(int tp) {
        return sequenceParallel && tp > 1;
    }

    /** Sets every per-run field of {@code b} (all but sequence parallelism, which depends on tp). */
    public Parallelism.Builder applyTo(Parallelism.Builder b) {
        return software.applyTo(b)
                .hiddenDropout(hiddenDropout)
                .gradReduceBf16(gradReduceBf16)
                .overlapGradReduce(overlapGradReduce)
                .overlapParamGather(overlapParamGather)
                .tpCommOverlap(tpCommOverlap)
                .flashAttention(flashAttention);
    }

    /**
     * One line for reports, e.g. {@code dropout on, sequence parallel where tp > 1, grad reduce fp32, overlap on,
     * flash attention on}; the calibration is named only when it is not the fitted default.
     */
    public String describe() {
        boolean allOverlap = overlapGradReduce && overlapParamGather && tpCommOverlap;
        boolean noOverlap = !overlapGradReduce && !overlapParamGather && !tpCommOverlap;
        String overlap = allOverlap
                ? "overlap on"
                : noOverlap
                        ? "overlap off"
                        : String.format(
                                Locale.ROOT,
                                "overlap grad-reduce %s, param-gather %s, tp-comm %s",
                                onOff(overlapGradReduce),
                                onOff(overlapParamGather),
                                onOff(tpCommOverlap));
        return "dropout " + onOff(hiddenDropout) + ", sequence parallel " + (sequenceParallel ? "where tp > 1" : "off")
                + ", grad reduce " + (gradReduceBf16 ? "bf16" : "fp32") + ", " + overlap + ", flash attention "
                + onOff(flashAttention)
                + (software.describe().isEmpty() ? "" : ", " + software.describe())
                + (calibration.equals(StepCalibration.defaults()) ? "" : ", custom calibration");
    }

    private static String onOff(boolean v) {
        return v ? "on" : "off";
    }
}
