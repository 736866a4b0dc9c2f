package dev.nearlight.sim.train;

/**
 * Outcome of one step estimate. The breakdown parts sum to {@link #stepTimeS()} (critical pipeline rank).
 *
 * @param stepTimeS time of one optimizer step
 * @param computeS GPU compute on the critical rank (GEMMs, attention, memory-bound kernels, recomputation)
 * @param tpCommS exposed tensor-parallel communication
 * @param cpCommS exposed context-parallel K/V exchange
 * @param epCommS exposed expert-parallel all-to-all
 * @param ppCommS exposed pipeline point-to-point time (schedule with sends minus schedule without)
 * @param dpCommS exposed data-parallel / FSDP communication
 * @param bubbleS pipeline bubble (idle time of the schedule without communication)
 * @param optimizerS optimizer step
 * @param mfu model FLOPs (no recomputation) / (step time x GPUs x dense peak)
 * @param hfu executed FLOPs including recomputation / (step time x GPUs x dense peak)
 * @param tflopsPerGpu Megatron-LM TFLOP/s per GPU (its formula with the recomputation of the chosen mode)
 * @param tokensPerS training tokens per second for the whole job
 * @param timeToTrainDays days to consume the token budget
 * @param energyPerStepJ facility energy of one step (PUE included)
 * @param energyMWh facility energy of the whole run
 * @param powerBreakdownW average power by component: gpus, switches, optics, hostSerdes, scaleUp (before PUE)
 * @param starvationFraction fraction of GPU time waiting on exposed communication (TP, CP, EP, PP, DP, host copies of
 *     offloaded activations)
 * @param bubbleFraction bubble / step time
 * @param memory per-GPU memory breakdown of the most loaded rank
 * @param offloadS exposed activation offloading: host copies that outlast the layers they overlap (0 without
 *     {@link Parallelism#cpuOffloadLayers()})
 */
public record StepResult(
        double stepTimeS,
        double computeS,
        double tpCommS,
        double cpCommS,
        double epCommS,
        double ppCommS,
        double dpCommS,
        double bubbleS,
        double optimizerS,
        double mfu,
        double hfu,
        double tflopsPerGpu,
        double tokensPerS,
        double timeToTrainDays,
        double energyPerStepJ,
        double energyMWh,
        java.util.Map<String, Double> powerBreakdownW,
        double starvationFraction,
        double bubbleFraction,
        MemoryBreakdown memory,
        double offloadS) {

    /**
     * Asserts what physics allows of any step: finite, non-negative times and energies, a positive step, utilisation
     * within the peak (MFU <= HFU <= 1) and fractions within [0, 1]. A violation is a model defect, not bad input.
     */
    public StepResult {
        double[] nonNegative = {
            computeS,
            tpCommS,
            cpCommS,
            epCommS,
            ppCommS,
            dpCommS,
            bubbleS,
            optimizerS,
            offloadS,
            tflopsPerGpu,
            tokensPerS,
            timeToTrainDays,
            energyPerStepJ,
            energyMWh
        };
        for (double x : nonNegative) {
            if (!(x >= 0) || !Double.isFinite(x)) {
                throw new IllegalStateException("step model defect: a time, rate or energy is " + x);
            }
        }
        if (!(stepTimeS > 0) || !Double.isFinite(stepTimeS)) {
            throw new IllegalStateException("step model defect: step time " + stepTimeS);
        }
        double eps = 1e-9;
        if (!(mfu >= 0) || mfu > hfu + eps || hfu > 1 + eps) {
            throw new IllegalStateException(
                    "step model defect: MFU " + mfu + " and HFU " + hfu + " must satisfy 0 <= MFU <= HFU <= 1");
        }
        if (!(starvationFraction >= 0
                && starvationFraction <= 1 + eps
                && bubbleFraction >= 0
                && bubbleFraction <= 1 + eps)) {
            throw new IllegalStateException("step model defect: starvation " + starvationFraction + " or bubble "
                    + bubbleFraction + " outside [0, 1]");
        }
        powerBreakdownW = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(powerBreakdownW));
        for (double w : powerBreakdownW.values()) {
            if (!(w >= 0) || !Double.isFinite(w)) {
                throw new IllegalStateException("step model defect: a power is " + w + " W");
            }
        }
    }

    /**
     * This step run {@code factor} times as long, every part alike: what the step would be if the model's error were
     * that factor ({@link StepModelError}). Times, energies and days scale by it; rates (MFU, HFU, TFLOP/s, tokens/s)
     * by its inverse; average powers, fractions and memory do not change. 1 returns this.
     */
    public StepResult scaled(double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("a step-time factor must be finite and > 0: " + factor);
        }
        if (factor == 1) {
            return this;
        }
        if (hfu / factor > 1) {
            throw new IllegalArgumentException("a step-time factor of " + factor
                    + " would run the GPUs above their peak (HFU " + hfu / factor + ")");
        }
        return new StepResult(
                stepTimeS * factor,
                computeS * factor,
                tpCommS * factor,
                cpCommS * factor,
                epCommS * factor,
                ppCommS * factor,
                dpCommS * factor,
                bubbleS * factor,
                optimizerS * factor,
                mfu / factor,
                hfu / factor,
                tflopsPerGpu / factor,
                tokensPerS / factor,
                timeToTrainDays * factor,
                energyPerStepJ * factor,
                energyMWh * factor,
                powerBreakdownW,
                starvationFraction,
                bubbleFraction,
                memory,
                offloadS * factor);
    }

    /** Per-GPU memory of the most loaded rank in GiB. */
    public double memoryPerGpuGiB() {
        return memory.totalGiB();
    }

    /**
     * Breakdown in seconds keyed compute, tpComm, cpComm, epComm, ppComm, dpComm, bubble, optimizer, and offload when
     * activations are offloaded.
     */
    public java.util.Map<String, Double> breakdownS() {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("compute", computeS);
        m.put("tpComm", tpCommS);
        m.put("cpComm", cpCommS);
        m.put("epComm", epCommS);
        m.put("ppComm", ppCommS);
        m.put("dpComm", dpCommS);
        m.put("bubble", bubbleS);
        m.put("optimizer", optimizerS);
        if (offloadS > 0) {
            m.put("offload", offloadS);
        }
        return m;
    }
}
