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
 * time, FIFO) and then a technician (c servers, first come first served in order of part-ready time, held in a
 * ticket heap so no technician idles waiting for a part), then a sampled hands-on time. The job loses, per
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
            LABOUR = 12,
            ETTR = 13,
            GOODPUT = 14,
            HW_AVAIL = 15,
            PLANNED = 16,
            STALL = 17,
            CATEGORY0 = 18,
            METRICS = CATEGORY0 + Category.values().length;

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
        Map<String, Estimate> byCategory = new LinkedHashMap<>();
        for (Category c : Category.values()) {
            byCategory.put(c.id(), t[CATEGORY0 + c.ordinal()].estimate());
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
                t[LABOUR].estimate(),
                t[TTT].estimate(),
                t[UTILISATION].estimate(),
                t[FAILURES].estimate(),
                perPop,
                t[ETTR].estimate(),
                t[GOODPUT].estimate(),
                t[HW_AVAIL].estimate(),
                t[PLANNED].estimate(),
                t[STALL].estimate(),
                byCategory);
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

        private double[] hReady = new double[16];
        private double[] hFail = new double[16];
        private double[] hHands = new double[16];
        private int[] hPop = new int[16];
        private boolean[] hWaits = new boolean[16];
        private int heapSize;

        private double linkDownHours;
        private double rework;
        private double restart;
        private double waiting;
        private double degraded;
        private double cost;
        private double handsOn;
        private double stall;
        private double gpuDownHours;
        private long interrupts;
        private long planned;
        private final long[] byCategory = new long[Category.values().length];
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
                sum += cm.eventRate[p];
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
            for (int p = 0; p < cm.n; p++) {
                if (cm.pops[p].flap()) {
                    flaps(p);
                }
            }
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
            while (heapSize > 0) {
                dispatchTop(); // repairs of failures before the horizon complete, as in the analytical mode
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
            while (cm.eventRate[lo] == 0 && lo < cm.n - 1) {
                lo++; // guard against u landing exactly on a zero-rate boundary
            }
            return lo;
        }

        private void failure(int p, double t) {
            dispatchReadyBy(t);
            counts[p]++;
            failures++;
            ComponentPopulation pop = cm.pops[p];
            double e = cm.interruptP[p];
            RepairPolicy policy = pop.repair();
            boolean waitsForRepair = false;
            if (e >= 1 || (e > 0 && rng.nextDouble() < e)) {
                if (cm.drainP[p] > 0 && rng.nextDouble() < cm.drainP[p]) {
                    planned++; // drained at a checkpoint before it fails: a restart, no rework
                    restart += cm.model.job().restartHours();
                } else {
                    unexpected(p);
                }
                waitsForRepair = cm.waits[p];
            }
            if (policy.needsRepair()) {
                double ready = partReady(p, policy, t);
                if (cm.deferralWindowHours[p] > 0) {
                    ready = Math.max(ready, t + rng.nextDouble() * cm.deferralWindowHours[p]);
                }
                double hands = policy.repairTime().sample(rng);
                handsOn += hands;
                cost += policy.partCostUsd() + hands * cm.model.serviceTeam().labourUsdPerHour();
                pushTicket(ready, t, hands, p, waitsForRepair);
            }
        }

        /**
         * All flaps of population {@code p} over the horizon at once (they need no repair and interact with nothing):
         * by Poisson thinning, the exposed flaps that outlast the timeout, the exposed ones that do not, and the
         * others are independent Poisson counts, drawn by inversion. Each long flap interrupts; the stall of the short
         * ones is summed exactly below 2,000 flaps and by its normal limit (exact mean and variance) above.
         */
        private void flaps(int p) {
            double mu = cm.pops[p].flapMeanHours();
            double tau = cm.flapTauHours[p];
            double cap = cm.flapCapHours[p];
            long longOnes = poisson(cm.flapLong[p]);
            long shortOnes = poisson(cm.flapShort[p]);
            long others = poisson(cm.flapUnexposed[p]);
            counts[p] += longOnes + shortOnes + others;
            failures += longOnes + shortOnes + others;
            for (long k = 0; k < longOnes; k++) {
                unexpected(p);
            }
            double pShort = 1 - CompiledModel.tail(tau, mu);
            if (shortOnes == 0 || pShort <= 0) {
                return;
            }
            if (shortOnes < 2000) {
                double span = Double.isInfinite(tau) ? 1 : -Math.expm1(-tau / mu);
                for (long k = 0; k < shortOnes; k++) {
                    double d = -mu * Math.log1p(-rng.nextDouble() * span); // exponential conditioned on D <= tau
                    stall += Math.min(d, cap);
                }
            } else {
                double m1 = CompiledModel.expectedStall(tau, cap, mu) / pShort;
                double m2 = CompiledModel.expectedStallSquared(tau, cap, mu) / pShort;
                double var = Math.max(0, m2 - m1 * m1);
                stall += Math.max(0, shortOnes * m1 + Math.sqrt(shortOnes * var) * rng.nextGaussian());
            }
        }

        private long poisson(org.hipparchus.distribution.discrete.PoissonDistribution d) {
            if (d == null) {
                return 0;
            }
            double u = rng.nextDouble();
            return d.inverseCumulativeProbability(u);
        }

        private void unexpected(int p) {
            interrupts++;
            byCategory[cm.category[p]]++;
            rework += rng.nextDouble() * cm.periodHours;
            restart += cm.model.job().restartHours();
        }

        /**
         * Dispatches waiting tickets whose part is ready by {@code now}, in order of ready time (FCFS on the
         * technician queue); a technician never idles waiting for a part.
         */
        private void dispatchReadyBy(double now) {
            while (heapSize > 0 && hReady[0] <= now) {
                dispatchTop();
            }
        }

        private void dispatchTop() {
            double ready = hReady[0];
            double failedAt = hFail[0];
            double hands = hHands[0];
            int p = hPop[0];
            boolean waitsForRepair = hWaits[0];
            popTicket();
            int tech = 0;
            for (int i = 1; i < techFree.length; i++) {
                if (techFree[i] < techFree[tech]) {
                    tech = i;
                }
            }
            double start = Math.max(ready, techFree[tech]);
            techFree[tech] = start + hands;
            double down = start + hands - failedAt;
            ComponentPopulation pop = cm.pops[p];
            linkDownHours += pop.linksDown() * down;
            gpuDownHours += pop.fault().gpusDown() * down + pop.service().gpusDown() * hands;
            degraded += down * cm.degradeFactor[p];
            if (waitsForRepair) {
                waiting += down;
            }
            double sp = cm.serviceInterruptP[p];
            if (sp >= 1 || (sp > 0 && rng.nextDouble() < sp)) {
                planned++; // the host of a board-level part is taken down for its replacement
                restart += cm.model.job().restartHours();
                if (cm.serviceRework) {
                    rework += rng.nextDouble() * cm.periodHours;
                }
                if (cm.serviceWaits[p]) {
                    waiting += hands;
                }
            }
            degraded += hands * cm.serviceDegradeFactor[p];
        }

        private void pushTicket(double ready, double failedAt, double hands, int p, boolean waitsForRepair) {
            if (heapSize == hReady.length) {
                int n = Math.max(16, heapSize * 2);
                hReady = java.util.Arrays.copyOf(hReady, n);
                hFail = java.util.Arrays.copyOf(hFail, n);
                hHands = java.util.Arrays.copyOf(hHands, n);
                hPop = java.util.Arrays.copyOf(hPop, n);
                hWaits = java.util.Arrays.copyOf(hWaits, n);
            }
            int i = heapSize++;
            // sift up; ties keep insertion order stable enough: equal ready times go in failure order
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (before(ready, failedAt, hReady[parent], hFail[parent])) {
                    move(parent, i);
                    i = parent;
                } else {
                    break;
                }
            }
            set(i, ready, failedAt, hands, p, waitsForRepair);
        }

        private void popTicket() {
            int last = --heapSize;
            if (last == 0) {
                return;
            }
            double ready = hReady[last];
            double failedAt = hFail[last];
            double hands = hHands[last];
            int p = hPop[last];
            boolean w = hWaits[last];
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= last) {
                    break;
                }
                int r = l + 1;
                int c = r < last && before(hReady[r], hFail[r], hReady[l], hFail[l]) ? r : l;
                if (before(hReady[c], hFail[c], ready, failedAt)) {
                    move(c, i);
                    i = c;
                } else {
                    break;
                }
            }
            set(i, ready, failedAt, hands, p, w);
        }

        private static boolean before(double readyA, double failA, double readyB, double failB) {
            return readyA < readyB || (readyA == readyB && failA < failB);
        }

        private void move(int from, int to) {
            hReady[to] = hReady[from];
            hFail[to] = hFail[from];
            hHands[to] = hHands[from];
            hPop[to] = hPop[from];
            hWaits[to] = hWaits[from];
        }

        private void set(int i, double ready, double failedAt, double hands, int p, boolean w) {
            hReady[i] = ready;
            hFail[i] = failedAt;
            hHands[i] = hands;
            hPop[i] = p;
            hWaits[i] = w;
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
            JobTimeAccounting acc = JobTimeAccounting.of(hours, rework, restart, waiting, degraded, stall);
            double lost = acc.lostHours();
            double jobAvail = acc.jobAvailability();
            double eff = cm.checkpointEfficiency();
            double[] m = new double[METRICS];
            m[FABRIC_AVAIL] = Math.max(0, 1 - linkDownHours / (cm.model.fabricLinks() * hours));
            m[JOB_AVAIL] = jobAvail;
            m[INTERRUPTS_PER_DAY] = interrupts / (hours / 24);
            m[LOST] = gpus * lost / years;
            m[REWORK] = gpus * rework / years;
            m[RESTART] = gpus * restart / years;
            m[WAITING] = gpus * waiting / years;
            m[DEGRADED] = gpus * acc.degradedHours() / years;
            m[COST] = cost / years;
            m[LABOUR] = handsOn * cm.model.serviceTeam().labourUsdPerHour() / years;
            m[TTT] = cm.effectiveTimeToTrainDays(jobAvail);
            m[FAILURES] = failures / years;
            m[UTILISATION] = handsOn / (techFree.length * hours);
            m[ETTR] = acc.ettrBeforeCheckpoints() * eff;
            m[GOODPUT] = jobAvail * eff;
            m[HW_AVAIL] = Math.max(0, 1 - gpuDownHours / ((double) cm.model.clusterGpus() * hours));
            m[PLANNED] = planned / (hours / 24);
            m[STALL] = gpus * stall / years;
            for (int c = 0; c < byCategory.length; c++) {
                m[CATEGORY0 + c] = byCategory[c] / (hours / 24);
            }
            return m;
        }
    }
}
