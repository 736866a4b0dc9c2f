package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;

/**
 * The streaming multiprocessors an NCCL collective holds while it runs beside compute. NCCL launches one CTA per
 * channel and a CTA holds its SM exclusively ("NCCL CTAs won't share an SM with compute kernels", NVIDIA/nccl#689), so
 * a GEMM or attention kernel overlapped with a collective runs on the remaining SMs. The channel count follows the links
 * the collective crosses: one per pair of NVLinks inside a scale-up domain, two per NIC across domains.
 *
 * @param sms streaming multiprocessors of the GPU
 * @param ctasScaleUp CTAs (= SMs) of a collective whose group is inside one scale-up domain
 * @param ctasScaleOut CTAs of a collective whose group spans domains (bounded by the NICs it drives)
 */
public record CollectiveSms(int sms, int ctasScaleUp, int ctasScaleOut) {
    /** Not priced: overlapped collectives cost the compute nothing (accelerators built without these figures). */
    public static final CollectiveSms NONE = new CollectiveSms(0, 0, 0);

    public CollectiveSms {
        if (sms < 0 || ctasScaleUp < 0 || ctasScaleOut < 0) {
            throw new InputException("collective SMs: counts must be >= 0 (sms " + sms + ", CTAs " + ctasScaleUp + " / "
                    + ctasScaleOut + ")");
        }
        if (sms > 0 && (ctasScaleUp >= sms || ctasScaleOut >= sms)) {
            throw new InputException("collective SMs: a collective's CTAs (" + ctasScaleUp + " / " + ctasScaleOut
                    + ") must leave SMs for compute on a GPU with " + sms);
        }
        if (sms == 0 && (ctasScaleUp > 0 || ctasScaleOut > 0)) {
            throw new InputException("collective SMs: CTAs given without the GPU's SM count (set sms)");
        }
    }

    /** Fraction of the SMs a collective over {@code group} takes from overlapped compute, in [0, 1). */
    public double computeLoss(CommGroup group) {
        if (sms == 0) {
            return 0;
        }
        return (double) (group.insideDomain() ? ctasScaleUp : ctasScaleOut) / sms;
    }

    /**
     * Time a collective of {@code commS} adds to the {@code computeS} it runs beside, when the compute loses {@code
     * loss} of the SMs for as long as the collective runs: the pair ends at max(comm, compute + loss x comm) (the
     * compute's work is fixed; for the collective's duration it advances at 1 - loss), so the collective adds
     * max(comm - compute, loss x comm). With loss 0 that is the classic max(0, comm - compute).
     */
    public static double exposedS(double commS, double computeS, double loss) {
        return Math.max(commS - computeS, loss * commS);
    }
}
