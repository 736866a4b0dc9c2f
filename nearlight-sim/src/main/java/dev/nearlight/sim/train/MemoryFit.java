package dev.nearlight.sim.train;

/**
 * Whether a job's most loaded rank fits in its accelerator's HBM: the one memory verdict the parallelism search and
 * the check of a given layout ({@code nearlight compare}) share, over {@link TrainingStepModel#memory}.
 *
 * @param memory memory of the most loaded pipeline rank
 * @param capacityBytes HBM of one accelerator in bytes
 */
public record MemoryFit(MemoryBreakdown memory, double capacityBytes) {
    private static final double GIB = 1024.0 * 1024 * 1024;

    /** The verdict for {@code job} on its accelerator. */
    public static MemoryFit of(TrainingJob job) {
        return new MemoryFit(TrainingStepModel.memory(job), job.accelerator().hbmBytes());
    }

    /** True when the most loaded rank needs no more than the HBM. */
    public boolean fits() {
        return memory.totalBytes() <= capacityBytes;
    }

    /** Memory needed on the most loaded rank in GiB. */
    public double neededGiB() {
        return memory.totalGiB();
    }

    /** HBM in GiB. */
    public double capacityGiB() {
        return capacityBytes / GIB;
    }

    /** GiB over the HBM (negative when it fits). */
    public double overGiB() {
        return (memory.totalBytes() - capacityBytes) / GIB;
    }
}
