package dev.nearlight.sim.train;

/**
 * Per-GPU memory of the most loaded pipeline rank, in bytes, per Korthikanti et al. 2022 for activations and
 * mixed-precision Adam (2-byte weights, 4-byte gradients, 12-byte optimizer state per parameter) with ZeRO sharding.
 *
 * @param stage pipeline rank the figures belong to
 */
public record MemoryBreakdown(
        int stage,
        double parametersOnGpu,
        double weightBytes,
        double gradientBytes,
        double optimizerBytes,
        double activationBytes,
        double overheadBytes) {

    /** Sum of all parts in bytes. */
    public double totalBytes() {
        return weightBytes + gradientBytes + optimizerBytes + activationBytes + overheadBytes;
    }

    /** Sum of all parts in GiB. */
    public double totalGiB() {
        return totalBytes() / (1024.0 * 1024 * 1024);
    }
}
