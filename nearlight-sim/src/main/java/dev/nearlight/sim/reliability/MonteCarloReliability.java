package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.random.RandomGenerator.SplittableGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Monte Carlo over the cluster lifetime. Each replication gets its own {@code L64X128MixRandom} stream split in order
 * from one root seed, so results depend only on the seed and the replication count, never on the thread count.
 *
 * <p>One replication superposes the constant-rate failure processes of all populations into one Poisson process
 * (rate = sum of count x rate) and picks the failed population per event in proportion to its rate; Weibull terms are
 * separate power-law processes merged by time. Each repair takes a spare ((S-1, S) base stock with a restock lead
 * time, FIFO) and a technician (c servers, served in failure order), then a sampled hands-on time. The job loses, per
 * interruption, the compute since its last checkpoint (uniform phase in interval + write), the restart time, and the
 * repair downtime when it cannot restart on spare nodes; fabric-path failures it reroutes around cost degraded
 * running instead. Losses are added per event (first order: overlapping outages are not merged), the same accounting
 * as {@link AnalyticalReliability}.
 */
public final class MonteCarloReliability implements ReliabilityEstimator {
    /** Indices of per-replication metrics. */
    private static final int FABRIC_AVAIL = 0,
            JOB_AVAIL = 1,
            INTERRUPTS_PER_DAY = 2,
            LOST = 3,
            REWORK = 4,
            RESTART = 5,
            WAITING = 6,
            DEGRADED = 7,
            COST = 8,
            TTT = 9,
            FAILURES = 10,
            UTILISATION = 11,
            METRICS = 12;

    private final int replications;
    private final long seed;
    private final int threads;

    /**
     * @param replications independent replications, 2 to 10,000,000
     * @param seed root seed
     * @param threads worker threads, &gt;= 1 (results do not depend on it)
     */
    public MonteCarloReliability(int replications, long seed, int threads) {
        if (replications < 2 || replications > 10_000_000) {
            throw new InputException("replications " + replications + " out of range: use 2 to 10000000");
        }
        if (threads < 1 || threads > 4096) {
            throw new InputException("threads " + threads + " out of range: use 1 to 4096");
        }
        this.replications = replications;
        this.seed = seed;
        this.threads = threads;
    }

    /** Uses all available processors. */
    public MonteCarloReliability(int replications, long seed) {
        this(replications, seed, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public ReliabilityResult estimate(ClusterReliabilityModel model, double years) {
        CompiledModel cm = new CompiledModel(model, years);
        SplittableGenerator root = RandomGeneratorFactory.<SplittableGenerator>of("L64X128MixRandom")
                .create(seed);
        SplittableGenerator[] streams = new SplittableGenerator[replications];
        for (int i = 0; i < replications; i++) {
            streams[i] = root.split();
        }
        double[][] metrics = new double[replications][];
        long[][] counts = new long[replications][];
        int workers = Math.min(threads, replications);
        if (workers == 1) {
            for (int i = 0; i < replications; i++) {
                runReplication(cm, streams[i], metrics, counts, i);
            }
        } else {
            runParallel(cm, streams, metrics, counts, workers);
        }
        return summarise(cm, metrics, counts);
    }

    private void runParallel(
            CompiledModel cm, SplittableGenerator[] streams, double[][] metrics, long[][] counts, int workers) {
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "reliability-mc");
            t.setDaemon(true);
            return t;
        });
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < replications) {
                        runReplication(cm, streams[i], metrics, counts, i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reliability Monte Carlo interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void runReplication(
            CompiledModel cm, RandomGenerator rng, double[][] metrics, long[][] counts, int index) {
        Replication r = new Replication(cm, rng);
        r.run();
        metrics[index] = r.metrics();
        counts[index] = r.counts;
    }

    private ReliabilityResult summarise(CompiledModel cm, double[][] metrics, long[][] counts) {
        Tally[] t = new Tally[METRICS];
        for (int m = 0; m < METRICS; m++) {
            t[m] = new Tally();
        }
        Tally[] byPop = new Tally[cm.n];
        for (int p = 0; p < cm.n; p++) {
            byPop[p] = new Tally();
        }
        double years = cm.hours / Rates.HOURS_PER_YEAR;
        for (int i = 0; i < replications; i++) {
            for (int m = 0; m < METRICS; m++) {
                t[m].add(metrics[i][m]);
            }
            for (int p = 0; p < cm.n; p++) {
                byPop[p].add(counts[i][p] / years);
            }
        }
        Map<String, Estimate> perPop = new LinkedHashMap<>();
        for (int p = 0; p < cm.n; p++) {
            perPop.put(cm.pops[p].name(), byPop[p].estimate());
        }
        return new ReliabilityResult(
                cm.model.name(),
                "montecarlo",
                replications,
                years,
                cm.checkpointIntervalHours,
                cm.jobMtbfHours,
                t[FABRIC_AVAIL].estimate(),
                t[JOB_AVAIL].estimate(),
                cm.checkpointEfficiency(),
                t[INTERRUPTS_PER_DAY].estimate(),
                t[LOST].estimate(),
                t[REWORK].estimate(),
                t[RESTART].estimate(),
                t[WAITING].estimate(),
                t[DEGRADED].estimate(),
                t[COST].estimate(),
                t[TTT].estimate(),
                t[UTILISATION].estimate(),
                t[FAILURES].estimate(),
                perPop);
    }

    /** Mutable state of one replication; confined to one thread. */
    private static final class Replication {
        private final CompiledModel cm;
        private final RandomGenerator rng;
        final long[] counts;
        private final double[] techFree;
        private final double[][] partRing; // last S demand times per population (null when S == 0)
        private final long[] demands;
        private final double[] cumRate;
        private final double totalRate;
        private final int[] weibullPops;
        private final double[] weibullNext;
        private final double[] weibullHazard;

        private double linkDownHours;
        private double rework;
        private double restart;
        private double waiting;
        private double degraded;
        private double cost;
        private double handsOn;
        private long interrupts;
        private long failures;

        Replication(CompiledModel cm, RandomGenerator rng) {
            this.cm = cm;
            this.rng = rng;
            this.counts = new long[cm.n];
            this.techFree = new double[cm.model.serviceTeam().technicians()];
            this.partRing = new double[cm.n][];
            this.demands = new long[cm.n];
            this.cumRate = new double[cm.n];
            double sum = 0;
            int nw = 0;
            for (int p = 0; p < cm.n; p++) {
                sum += cm.constRate[p];
                cumRate[p] = sum;
                int s = cm.pops[p].repair().sparesOnSite();
                partRing[p] = s > 0 ? new double[s] : null;
                if (cm.pops[p].failure().weibull() != null && cm.pops[p].count() > 0) {
                    nw++;
                }
            }
            this.totalRate = sum;
            this.weibullPops = new int[nw];
            this.weibullNext = new double[nw];
            this.weibullHazard = new double[nw];
            int k = 0;
            for (int p = 0; p < cm.n; p++) {
                if (cm.pops[p].failure().weibull() != null && cm.pops[p].count() > 0) {
                    weibullPops[k++] = p;
                }
            }
        }

        void run() {
            double horizon = cm.hours;
            for (int k = 0; k < weibullPops.length; k++) {
                weibullNext[k] = nextWeibull(k);
            }
            double nextConst = totalRate > 0 ? rng.nextExponential() / totalRate : Double.POSITIVE_INFINITY;
            while (true) {
                int wk = -1;
                double t = nextConst;
                for (int k = 0; k < weibullPops.length; k++) {
                    if (weibullNext[k] < t) {
                        t = weibullNext[k];
                        wk = k;
                    }
                }
                if (t > horizon) {
                    break;
                }
                int p;
                if (wk < 0) {
                    p = pickConstPopulation();
                    nextConst = t + rng.nextExponential() / totalRate;
                } else {
                    p = weibullPops[wk];
                    weibullNext[wk] = nextWeibull(wk);
                }
                failure(p, t);
            }
        }

        private double nextWeibull(int k) {
            ComponentPopulation pop = cm.pops[weibullPops[k]];
            weibullHazard[k] += rng.nextExponential() / pop.count();
            return pop.failure().weibull().inverseCumulativeHazard(weibullHazard[k]);
        }

        private int pickConstPopulation() {
            double u = rng.nextDouble() * totalRate;
            int lo = 0;
            int hi = cm.n - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumRate[mid] > u) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            while (cm.constRate[lo] == 0 && lo < cm.n - 1) {
                lo++; // guard against u landing exactly on a zero-rate boundary
            }
            return lo;
        }

        private void failure(int p, double t) {
            counts[p]++;
            failures++;
            ComponentPopulation pop = cm.pops[p];
            RepairPolicy policy = pop.repair();
            double down = 0;
            if (policy.needsRepair()) {
                double ready = partReady(p, policy, t);
                int tech = 0;
                for (int i = 1; i < techFree.length; i++) {
                    if (techFree[i] < techFree[tech]) {
                        tech = i;
                    }
                }
                double start = Math.max(ready, techFree[tech]);
                double hands = policy.repairTime().sample(rng);
                techFree[tech] = start + hands;
                handsOn += hands;
                down = start + hands - t;
                cost += policy.partCostUsd() + hands * cm.model.serviceTeam().labourUsdPerHour();
            }
            linkDownHours += pop.linksDown() * down;
            if (cm.degraded[p]) {
                degraded += down * cm.degradeFactor[p];
                return;
            }
            double e = cm.exposure[p];
            if (e >= 1.0 || rng.nextDouble() < e) {
                interrupts++;
                rework += rng.nextDouble() * cm.periodHours;
                restart += cm.model.job().restartHours();
                if (cm.waits[p]) {
                    waiting += down;
                }
            }
        }

        /** (S-1, S) base stock, FIFO: demand n uses the order placed by demand n - S, arriving L later. */
        private double partReady(int p, RepairPolicy policy, double t) {
            double lead = policy.restockLeadTimeHours();
            double[] ring = partRing[p];
            long n = demands[p]++;
            if (ring == null) {
                return t + lead;
            }
            int slot = (int) (n % ring.length);
            double ready = n < ring.length ? t : Math.max(t, ring[slot] + lead);
            ring[slot] = t;
            return ready;
        }

        double[] metrics() {
            double hours = cm.hours;
            double years = hours / Rates.HOURS_PER_YEAR;
            double gpus = cm.model.job().gpus();
            double lost = rework + restart + waiting + degraded;
            double jobAvail = Math.max(0, 1 - lost / hours);
            double[] m = new double[METRICS];
            m[FABRIC_AVAIL] = Math.max(0, 1 - linkDownHours / (cm.model.fabricLinks() * hours));
            m[JOB_AVAIL] = jobAvail;
            m[INTERRUPTS_PER_DAY] = interrupts / (hours / 24);
            m[LOST] = gpus * lost / years;
            m[REWORK] = gpus * rework / years;
            m[RESTART] = gpus * restart / years;
            m[WAITING] = gpus * waiting / years;
            m[DEGRADED] = gpus * degraded / years;
            m[COST] = cost / years;
            m[TTT] = cm.effectiveTimeToTrainDays(jobAvail);
            m[FAILURES] = failures / years;
            m[UTILISATION] = handsOn / (techFree.length * hours);
            return m;
        }
    }
}
