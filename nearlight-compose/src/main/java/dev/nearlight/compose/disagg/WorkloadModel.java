package dev.nearlight.compose.disagg;

import dev.nearlight.core.InputException;

/**
 * How pooled memory and remote devices slow a job. Memory throughput of a tier follows Little's law capped by the
 * link: {@code X = min(cores * outstanding * lineBytes / latencyNs, bandwidthGBps)} (bytes per ns = GB/s); a tier is
 * latency-bound when the first term is the smaller. A job spends fraction {@code f} of its local run time in
 * memory-bound phases; a fraction {@code p} of those bytes go to the pool, so the memory phase stretches by
 * {@code ((1-p)/X_local + p/X_pool) / (1/X_local)} (no overlap between tiers, a conservative bound) and the job by
 * {@code (1-f) + f * stretch}. Offload (KV cache, optimizer state) and host-to-GPU copies are transfers of
 * {@code latency + bytes/bandwidth} that overlap a fraction of the compute. Equations in {@code docs/disagg.md}.
 */
public final class WorkloadModel {
    private WorkloadModel() {}

    /**
     * A memory tier as seen by a job.
     *
     * @param latencyNs load-to-use latency
     * @param bandwidthGBps peak bandwidth available to the job
     */
    public record Tier(double latencyNs, double bandwidthGBps) {
        /** Validates positive values. */
        public Tier {
            if (!(latencyNs > 0) || !(bandwidthGBps > 0)) {
                throw new InputException("memory tier needs latencyNs > 0 and bandwidthGBps > 0, got " + latencyNs
                        + ", " + bandwidthGBps);
            }
        }

        /** The pool tier reached over a modelled access. */
        public static Tier of(AccessLatency a) {
            return new Tier(a.totalNs(), a.bandwidthGBps());
        }
    }

    /**
     * The memory behaviour of a job.
     *
     * @param memoryBoundFraction share of local run time spent in memory-bound phases, 0..1
     * @param poolAccessFraction share of memory bytes served by the pool, 0..1
     * @param cores cores issuing memory requests
     * @param outstandingPerCore outstanding cache-line misses per core (memory-level parallelism)
     * @param lineBytes bytes per request (64 for a cache line)
     */
    public record Profile(
            double memoryBoundFraction,
            double poolAccessFraction,
            int cores,
            double outstandingPerCore,
            int lineBytes) {
        /** Validates ranges. */
        public Profile {
            if (!(memoryBoundFraction >= 0 && memoryBoundFraction <= 1)) {
                throw new InputException("memoryBoundFraction " + memoryBoundFraction + " must be in [0, 1]");
            }
            if (!(poolAccessFraction >= 0 && poolAccessFraction <= 1)) {
                throw new InputException("poolAccessFraction " + poolAccessFraction + " must be in [0, 1]");
            }
            if (cores < 1 || !(outstandingPerCore > 0) || lineBytes < 1) {
                throw new InputException("cores, outstandingPerCore and lineBytes must be positive");
            }
        }
    }

    /** Sustained throughput (GB/s) of a tier for a profile, by Little's law capped at the tier bandwidth. */
    public static double throughputGBps(Profile p, Tier t) {
        double littles = p.cores() * p.outstandingPerCore() * p.lineBytes() / t.latencyNs();
        return Math.min(littles, t.bandwidthGBps());
    }

    /** Whether the tier is latency-bound (Little's law limit below the bandwidth) for the profile. */
    public static boolean latencyBound(Profile p, Tier t) {
        return p.cores() * p.outstandingPerCore() * p.lineBytes() / t.latencyNs() < t.bandwidthGBps();
    }

    /** Run-time multiplier (>= 1 when the pool is slower) of a job whose memory is split between local and pool. */
    public static double memorySlowdown(Profile p, Tier local, Tier pool) {
        double xl = throughputGBps(p, local);
        double xp = throughputGBps(p, pool);
        double stretch = ((1 - p.poolAccessFraction()) / xl + p.poolAccessFraction() / xp) * xl;
        return (1 - p.memoryBoundFraction()) + p.memoryBoundFraction() * stretch;
    }

    /** Most bytes a step may move over the fabric: a petabyte (larger figures are typos that overflow to Infinity). */
    public static final double MAX_BYTES_PER_STEP = 1e15;

    /** Longest compute time a step may take: a million seconds (11.6 days). */
    public static final double MAX_COMPUTE_S = 1e6;

    /** Time in seconds to move {@code bytes} over a tier: one round trip plus serialisation. */
    public static double transferTimeS(double bytes, Tier t) {
        if (!(bytes >= 0) || bytes > MAX_BYTES_PER_STEP) {
            throw InputException.of(
                    "offloadGb",
                    bytes / 1e9 + " GB per step is not a transfer a step makes",
                    "give {offloadGb} from 0 to " + MAX_BYTES_PER_STEP / 1e9 + " GB (a petabyte)");
        }
        return t.latencyNs() * 1e-9 + bytes / (t.bandwidthGBps() * 1e9);
    }

    /**
     * Step time in seconds with an offload transfer per step (KV cache, optimizer state, host-to-GPU copy) of which a
     * fraction {@code overlap} of the compute time hides: {@code compute + max(0, transfer - overlap * compute)}.
     */
    public static double offloadStepTimeS(double computeS, double bytesPerStep, Tier t, double overlap) {
        if (!(computeS >= 0) || computeS > MAX_COMPUTE_S || !(overlap >= 0 && overlap <= 1)) {
            throw new InputException("compute-s must be in [0, " + MAX_COMPUTE_S + "] s and overlap in [0, 1], got "
                    + computeS + ", " + overlap);
        }
        return computeS + Math.max(0, transferTimeS(bytesPerStep, t) - overlap * computeS);
    }

    /** Step-time ratio of a job whose per-step transfer goes over {@code remote} instead of {@code local}. */
    public static double offloadSlowdown(
            double computeS, double bytesPerStep, Tier local, Tier remote, double overlap) {
        return offloadStepTimeS(computeS, bytesPerStep, remote, overlap)
                / offloadStepTimeS(computeS, bytesPerStep, local, overlap);
    }
}
