package dev.nearlight.compose.pool;

import dev.nearlight.core.InputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Seeded synthetic job traces with documented distributions (see {@code docs/disagg.md}): Poisson arrivals
 * (exponential gaps), lognormal or Pareto durations with a given mean, and a mix of four demand classes (CPU batch,
 * GPU training, memory-heavy, inference). The arrival rate is either given or set so that the offered load on the
 * bottleneck resource of a reference cluster equals {@code load}. Randomness: one {@code L64X128MixRandom} root per
 * seed, split into independent streams for demands, durations and arrivals.
 *
 * @param jobs number of jobs
 * @param load offered load on the bottleneck resource (used when {@code ratePerS} is 0)
 * @param ratePerS arrival rate; 0 means derive it from {@code load}
 * @param duration {@code lognormal} or {@code pareto}
 * @param meanDurationS mean duration
 * @param sigma lognormal shape
 * @param alpha Pareto shape (> 1)
 * @param mix weights of the classes cpu, gpu, memory, inference
 */
public record SyntheticTrace(
        int jobs,
        double load,
        double ratePerS,
        String duration,
        double meanDurationS,
        double sigma,
        double alpha,
        double[] mix) {
    /** Validates the spec. */
    public SyntheticTrace {
        if (jobs < 0 || jobs > 50_000_000) {
            throw new InputException("--synthetic jobs=" + jobs + " must be between 0 and 50000000");
        }
        if (!(load > 0) || !(ratePerS >= 0) || !(meanDurationS > 0) || !(sigma >= 0) || !(alpha > 1)) {
            throw new InputException(
                    "--synthetic needs load > 0, rate >= 0, meanDurationS > 0, sigma >= 0 and alpha > 1");
        }
        if (!"lognormal".equals(duration) && !"pareto".equals(duration)) {
            throw new InputException("--synthetic duration=" + duration + " is unknown; use lognormal or pareto");
        }
        mix = mix.clone();
        double sum = 0;
        for (double w : mix) {
            if (!(w >= 0)) {
                throw new InputException("--synthetic mix weights must be >= 0");
            }
            sum += w;
        }
        if (mix.length != 4 || !(sum > 0)) {
            throw new InputException("--synthetic needs four mix weights (cpu, gpu, mem, infer) with a positive sum");
        }
    }

    /** Defaults: 10,000 jobs, load 0.35, lognormal mean 1 h sigma 1.5, Pareto alpha 1.5, mix 40/35/15/10. */
    public static SyntheticTrace defaults() {
        return new SyntheticTrace(10_000, 0.35, 0, "lognormal", 3600, 1.5, 1.5, new double[] {0.4, 0.35, 0.15, 0.1});
    }

    /**
     * Parses {@code key=value,...} over the defaults. Keys: jobs, load, rate, duration, meanDurationS, sigma, alpha,
     * cpu, gpu, mem, infer (the last four are mix weights).
     */
    public static SyntheticTrace parse(String spec) {
        SyntheticTrace d = defaults();
        Map<String, String> kv = new LinkedHashMap<>();
        if (spec != null && !spec.isBlank()) {
            for (String part : spec.split(",", -1)) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new InputException("--synthetic '" + part + "' is not key=value (e.g. jobs=100000,load=0.7)");
                }
                kv.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        double[] mix = d.mix().clone();
        int jobs = d.jobs();
        double load = d.load();
        double rate = d.ratePerS();
        String dur = d.duration();
        double mean = d.meanDurationS();
        double sigma = d.sigma();
        double alpha = d.alpha();
        for (var e : kv.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            switch (k) {
                case "jobs" -> jobs = (int) num(k, v);
                case "load" -> load = num(k, v);
                case "rate" -> rate = num(k, v);
                case "duration" -> dur = v;
                case "meanDurationS" -> mean = num(k, v);
                case "sigma" -> sigma = num(k, v);
                case "alpha" -> alpha = num(k, v);
                case "cpu" -> mix[0] = num(k, v);
                case "gpu" -> mix[1] = num(k, v);
                case "mem" -> mix[2] = num(k, v);
                case "infer" -> mix[3] = num(k, v);
                default ->
                    throw new InputException("--synthetic key '" + k + "' is unknown; use jobs, load, rate,"
                            + " duration, meanDurationS, sigma, alpha, cpu, gpu, mem, infer");
            }
        }
        return new SyntheticTrace(jobs, load, rate, dur, mean, sigma, alpha, mix);
    }

    private static double num(String k, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InputException("--synthetic " + k + "=" + v + " is not a number");
        }
    }

    /** Generates the trace for a seed; {@code reference} sets the rate when it is derived from the load. */
    public JobTrace generate(long seed, ClusterSpec reference) {
        RandomGenerator.SplittableGenerator root = (RandomGenerator.SplittableGenerator)
                RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        RandomGenerator demandRng = root.split();
        RandomGenerator durationRng = root.split();
        RandomGenerator arrivalRng = root.split();
        int n = jobs;
        int[][] demand = new int[ResourceType.COUNT][n];
        double[] dur = new double[n];
        double total = mix[0] + mix[1] + mix[2] + mix[3];
        for (int i = 0; i < n; i++) {
            double u = demandRng.nextDouble() * total;
            int cls = u < mix[0] ? 0 : u < mix[0] + mix[1] ? 1 : u < mix[0] + mix[1] + mix[2] ? 2 : 3;
            int cpus;
            int gpus;
            double memGiB;
            double storageTb;
            switch (cls) {
                case 0 -> { // CPU batch: 4..64 cores, ~4 GiB per core
                    cpus = 4 * (1 + demandRng.nextInt(16));
                    gpus = 0;
                    memGiB = cpus * 4.0 * Math.exp(0.5 * demandRng.nextGaussian());
                    storageTb = 0.1 + 0.9 * demandRng.nextDouble();
                }
                case 1 -> { // GPU training: 1..32 GPUs, 8 cores and ~96 GiB per GPU
                    double g = demandRng.nextDouble();
                    gpus = g < 0.2 ? 1 : g < 0.4 ? 2 : g < 0.65 ? 4 : g < 0.85 ? 8 : g < 0.95 ? 16 : 32;
                    cpus = 8 * gpus;
                    memGiB = gpus * 96.0 * Math.exp(0.5 * demandRng.nextGaussian());
                    storageTb = 1 + 9 * demandRng.nextDouble();
                }
                case 2 -> { // memory-heavy: 16..64 cores, 512..3072 GiB
                    cpus = 16 * (1 + demandRng.nextInt(4));
                    gpus = 0;
                    memGiB = 512 + 2560 * demandRng.nextDouble();
                    storageTb = 0.5 + 1.5 * demandRng.nextDouble();
                }
                default -> { // inference: 1-2 GPUs, 8 cores, 64..256 GiB
                    gpus = demandRng.nextDouble() < 0.7 ? 1 : 2;
                    cpus = 8;
                    memGiB = 64 + 192 * demandRng.nextDouble();
                    storageTb = 0.1 + 0.4 * demandRng.nextDouble();
                }
            }
            demand[ResourceType.CPU.ordinal()][i] = cpus;
            demand[ResourceType.GPU.ordinal()][i] = gpus;
            demand[ResourceType.MEMORY.ordinal()][i] = (int) Math.ceil(memGiB);
            demand[ResourceType.STORAGE.ordinal()][i] = (int) Math.ceil(storageTb * 1000);
            dur[i] = sampleDuration(durationRng);
        }
        double rate = ratePerS;
        if (rate == 0 && n > 0) {
            double worst = 0;
            for (ResourceType t : ResourceType.values()) {
                double work = 0;
                for (int i = 0; i < n; i++) {
                    work += demand[t.ordinal()][i] * dur[i];
                }
                long cap = reference.totalCapacity(t, Placement.STATIC);
                if (cap > 0) {
                    worst = Math.max(worst, work / n / cap);
                }
            }
            rate = worst > 0 ? load / worst : 1.0;
        }
        double[] arrival = new double[n];
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += -Math.log(1 - arrivalRng.nextDouble()) / rate;
            arrival[i] = t;
        }
        return new JobTrace("synthetic(seed=" + seed + ")", arrival, dur, demand, null, null);
    }

    private double sampleDuration(RandomGenerator rng) {
        if ("lognormal".equals(duration)) {
            double mu = Math.log(meanDurationS) - sigma * sigma / 2;
            return Math.exp(mu + sigma * rng.nextGaussian());
        }
        double xm = meanDurationS * (alpha - 1) / alpha;
        return xm / Math.pow(1 - rng.nextDouble(), 1 / alpha);
    }
}
