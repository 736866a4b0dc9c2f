package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;

/**
 * A GPU as the step model sees it: dense peaks, HBM, scale-up domain, NICs, TDP and the calibrated GEMM efficiency.
 * Load presets with {@link AcceleratorCatalog}.
 *
 * @param id catalogue id (a100, h100, h200, b200, gb200)
 * @param name marketing name
 * @param peakBf16Flops dense BF16 peak in FLOP/s
 * @param peakFp8Flops dense FP8 peak in FLOP/s (0 if unsupported)
 * @param hbmGiB HBM capacity in GiB
 * @param hbmBytesPerS HBM bandwidth in bytes/s
 * @param scaleUpDomainGpus GPUs in one NVLink (scale-up) domain
 * @param scaleUpBytesPerSPerDirection per-GPU scale-up bandwidth per direction in bytes/s
 * @param nicsPerGpu scale-out NICs per GPU
 * @param nicRateGbps line rate of one NIC in Gb/s
 * @param tdpW board power in W
 * @param gemmEfficiency calibrated fraction of dense peak a large GEMM sustains in a training step
 * @param peakFp4Flops dense FP4 (NVFP4/MXFP4) peak in FLOP/s (0 if unsupported)
 * @param tpCommOverlap whether Transformer Engine's userbuffers can overlap TP collectives with GEMMs on this GPU (they
 *     rely on CUDA multicast over NVSwitch, Hopper and later; on Ampere TP collectives run unoverlapped)
 * @param expPerS exponentials per second of the special-function units (SMs x clock x 16 per SM and clock, CUDA C
 *     Programming Guide throughput table); fused attention spends one per score forward and one backward (0: not
 *     priced)
 * @param fa2PeakFraction fraction of the dense BF16 peak a FlashAttention-2 class kernel reaches on this GPU: warp-level
 *     {@code mma.sync} without Hopper's warpgroup MMA and TMA, as FlashAttention-2 and the 2022 Triton kernel are
 *     written (0 = not bounded). It caps attention priced as such a kernel below the model's fused-attention rate on
 *     GPUs whose peak needs newer instructions
 * @param attentionExpOverlap whether this GPU's production fused-attention kernel overlaps the softmax exponentials
 *     with the tensor-core work (FlashAttention-3 on Hopper, arXiv 2407.08608), so attention takes the longer of the
 *     two instead of their sum
 * @param collectiveSms the SMs this GPU's NCCL collectives hold while overlapped with compute ({@link CollectiveSms})
 * @param host the GPU's path to host memory, for activation offloading ({@link HostLink#NONE}: not priced)
 */
public record AcceleratorSpec(
        String id,
        String name,
        double peakBf16Flops,
        double peakFp8Flops,
        double hbmGiB,
        double hbmBytesPerS,
        int scaleUpDomainGpus,
        double scaleUpBytesPerSPerDirection,
        int nicsPerGpu,
        double nicRateGbps,
        double tdpW,
        double gemmEfficiency,
        double peakFp4Flops,
        boolean tpCommOverlap,
        double expPerS,
        double fa2PeakFraction,
        boolean attentionExpOverlap,
        CollectiveSms collectiveSms,
        HostLink host) {

    /** An accelerator without FP4 tensor cores. */
    public AcceleratorSpec(
            String id,
            String name,
            double peakBf16Flops,
            double peakFp8Flops,
            double hbmGiB,
            double hbmBytesPerS,
            int scaleUpDomainGpus,
            double scaleUpBytesPerSPerDirection,
            int nicsPerGpu,
            double nicRateGbps,
            double tdpW,
            double gemmEfficiency) {
        this(
                id,
                name,
                peakBf16Flops,
                peakFp8Flops,
                hbmGiB,
                hbmBytesPerS,
                scaleUpDomainGpus,
                scaleUpBytesPerSPerDirection,
                nicsPerGpu,
                nicRateGbps,
                tdpW,
                gemmEfficiency,
                0,
                true,
                0,
                0,
                false,
                CollectiveSms.NONE,
                HostLink.NONE);
    }

    public AcceleratorSpec {
        java.util.Objects.requireNonNull(collectiveSms, "collectiveSms");
        java.util.Objects.requireNonNull(host, "host");
        if (peakBf16Flops <= 0 || hbmGiB <= 0 || hbmBytesPerS <= 0 || scaleUpDomainGpus <= 0) {
            throw new InputException("accelerator " + id + ": peak, HBM and scale-up domain must be positive");
        }
        if (fa2PeakFraction < 0 || fa2PeakFraction > 1) {
            throw new InputException("accelerator " + id + ": fa2PeakFraction " + fa2PeakFraction + " not in [0, 1]");
        }
        if (!(gemmEfficiency > 0 && gemmEfficiency <= 1)) {
            throw new InputException("accelerator " + id + ": gemmEfficiency " + gemmEfficiency + " not in (0, 1]");
        }
    }

    /** Dense peak for {@code p}; throws if the GPU has no such tensor cores. */
    public double peakFlops(Precision p) {
        if (p == Precision.FP4) {
            if (peakFp4Flops <= 0) {
                throw InputException.of(
                        "precision",
                        id + " has no FP4 tensor cores",
                        "use {precision fp8} or {precision bf16}, or a Blackwell GPU");
            }
            return peakFp4Flops;
        }
        if (p == Precision.FP8) {
            if (peakFp8Flops <= 0) {
                throw InputException.of("precision", id + " has no FP8 tensor cores", "use {precision bf16}");
            }
            return peakFp8Flops;
        }
        return peakBf16Flops;
    }

    /** Same accelerator with another calibrated GEMM efficiency (for calibration sweeps). */
    public AcceleratorSpec withGemmEfficiency(double e) {
        return copy(e, host);
    }

    /** Same accelerator with another path to host memory. */
    public AcceleratorSpec withHost(HostLink h) {
        return copy(gemmEfficiency, h);
    }

    private AcceleratorSpec copy(double gemm, HostLink h) {
        return new AcceleratorSpec(
                id,
                name,
                peakBf16Flops,
                peakFp8Flops,
                hbmGiB,
                hbmBytesPerS,
                scaleUpDomainGpus,
                scaleUpBytesPerSPerDirection,
                nicsPerGpu,
                nicRateGbps,
                tdpW,
                gemm,
                peakFp4Flops,
                tpCommOverlap,
                expPerS,
                fa2PeakFraction,
                attentionExpOverlap,
                collectiveSms,
                h);
    }

    /** HBM capacity in bytes. */
    public double hbmBytes() {
        return hbmGiB * 1024.0 * 1024 * 1024;
    }
}
