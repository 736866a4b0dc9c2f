package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hipparchus.distribution.discrete.PoissonDistribution;
import org.hipparchus.special.Gamma;

/**
 * Expected-value reliability for sweeps: the same accounting as {@link MonteCarloReliability}, with closed forms.
 *
 * <ul>
 *   <li>Failures of population i over T: {@code count * (rate * T + (T / eta)^beta)}.
 *   <li>Spare-part delay: (S-1, S) base stock with Poisson demand of rate m and lead time L:
 *       {@code E[(L - G)+] = L P(N >= S) - (S / m) P(N >= S + 1)}, N ~ Poisson(m L), G ~ Erlang(S, m); L when S = 0.
 *   <li>Technician wait: the finite-source machine-repairman queue M/M/c//N over the repairable units, scaled by
 *       {@code (1 + cs^2) / 2} for the repair time's spread (it tends to Erlang C for M/M/c as N grows), and bounded by
 *       the work that can arrive in the lifetime ({@link #repairQueueWaitHours}). It stays finite at any load; a
 *       saturated repair process is flagged by {@link ReliabilityResult#saturated()}.
 *   <li>Job: per interruption half a checkpoint period of rework plus the restart time, plus the expected repair
 *       downtime when the job cannot restart on spares.
 * </ul>
 *
 * It agrees with the Monte Carlo within its confidence interval where these forms are exact (exponential or light
 * queueing, Poisson demand); with heavy technician queueing and stock-outs together it is an approximation.
 */
public final class AnalyticalReliability implements ReliabilityEstimator {

    @Override
    public ReliabilityResult estimate(ClusterReliabilityModel model, double years) {
        CompiledModel cm = new CompiledModel(model, years);
        double hours = cm.hours;
        ServiceTeam team = model.serviceTeam();
        int n = cm.n;
        double[] f = new double[n];
        double repairRate = 0;
        double meanS = 0;
        double secondS = 0;
        long units = 0;
        for (int i = 0; i < n; i++) {
            f[i] = cm.pops[i].expectedFailures(hours);
            if (cm.pops[i].repair().needsRepair()) {
                RepairTime rt = cm.pops[i].repair().repairTime();
                double rate = f[i] / hours;
                repairRate += rate;
                meanS += rate * rt.meanHours();
                secondS += rate * rt.secondMomentHours2();
                units += cm.pops[i].count();
            }
        }
        double wq = 0;
        if (repairRate > 0) {
            meanS /= repairRate;
            secondS /= repairRate;
            wq = repairQueueWaitHours(team.technicians(), units, repairRate, meanS, secondS, hours);
        }
        double linkDown = 0;
        double interrupts = 0;
        double planned = 0;
        double rework = 0;
        double restart = 0;
        double waiting = 0;
        double degraded = 0;
        double stall = 0;
        double gpuDown = 0;
        double cost = 0;
        double labour = 0;
        double failures = 0;
        double[] byCategory = new double[Category.values().length];
        Map<String, Estimate> perPop = new LinkedHashMap<>();
        JobSpec job = model.job();
        double halfPeriod = cm.periodHours / 2;
        for (int i = 0; i < n; i++) {
            ComponentPopulation p = cm.pops[i];
            RepairPolicy policy = p.repair();
            failures += f[i];
            perPop.put(p.name(), Estimate.exact(f[i] / years));
            double exposed = f[i] * cm.interruptP[i];
            if (p.flap()) {
                double mu = p.flapMeanHours();
                double k = exposed * CompiledModel.tail(cm.flapTauHours[i], mu);
                interrupts += k;
                byCategory[cm.category[i]] += k;
                rework += k * halfPeriod;
                restart += k * job.restartHours();
                stall += exposed * CompiledModel.expectedStall(cm.flapTauHours[i], cm.flapCapHours[i], mu);
                continue;
            }
            double down = 0;
            double hands = 0;
            if (policy.needsRepair()) {
                hands = policy.repairTime().meanHours();
                double partDelay = meanPartDelayHours(p, hours);
                double w = cm.deferralWindowHours[i];
                // the repair starts at the later of the part and the next window (uniform in [0, W))
                double start = w > 0 ? expectedMaxUniform(partDelay, w) : partDelay;
                down = start + wq + hands;
                double labourUsd = hands * team.labourUsdPerHour();
                cost += f[i] * (policy.partCostUsd() + labourUsd);
                labour += f[i] * labourUsd;
            }
            linkDown += f[i] * p.linksDown() * down;
            gpuDown += f[i] * (p.fault().gpusDown() * down + p.service().gpusDown() * hands);
            degraded += f[i] * (down * cm.degradeFactor[i] + hands * cm.serviceDegradeFactor[i]);
            double unexpected = exposed * (1 - cm.drainP[i]);
            double drained = exposed * cm.drainP[i];
            interrupts += unexpected;
            byCategory[cm.category[i]] += unexpected;
            planned += drained;
            rework += unexpected * halfPeriod;
            restart += exposed * job.restartHours();
            if (cm.waits[i]) {
                waiting += exposed * down;
            }
            double serviced = f[i] * cm.serviceInterruptP[i];
            planned += serviced;
            restart += serviced * job.restartHours();
            if (cm.serviceRework) {
                rework += serviced * halfPeriod;
            }
            if (cm.serviceWaits[i]) {
                waiting += serviced * hands;
            }
        }
        JobTimeAccounting acc = JobTimeAccounting.of(hours, rework, restart, waiting, degraded, stall);
        double lost = acc.lostHours();
        double jobAvail = acc.jobAvailability();
        double eff = cm.checkpointEfficiency();
        double ttt = cm.effectiveTimeToTrainDays(jobAvail);
        if (!(jobAvail >= 0 && jobAvail <= 1) || !Double.isFinite(ttt)) {
            throw new IllegalStateException(
                    "job availability " + jobAvail + " outside [0, 1] or time to train " + ttt + " days not finite");
        }
        double g = job.gpus();
        double days = hours / 24;
        Map<String, Estimate> cat = new LinkedHashMap<>();
        for (Category c : Category.values()) {
            cat.put(c.id(), Estimate.exact(byCategory[c.ordinal()] / days));
        }
        return new ReliabilityResult(
                model.name(),
                "analytical",
                0,
                years,
                cm.checkpointIntervalHours,
                cm.jobMtbfHours,
                Estimate.exact(Math.max(0, 1 - linkDown / (model.fabricLinks() * hours))),
                Estimate.exact(jobAvail),
                eff,
                Estimate.exact(interrupts / days),
                Estimate.exact(g * lost / years),
                Estimate.exact(g * rework / years),
                Estimate.exact(g * restart / years),
                Estimate.exact(g * waiting / years),
                Estimate.exact(g * acc.degradedHours() / years),
                Estimate.exact(cost / years),
                Estimate.exact(labour / years),
                Estimate.exact(ttt),
                Estimate.exact(repairRate * meanS / team.technicians()),
                Estimate.exact(failures / years),
                perPop,
                Estimate.exact(acc.ettrBeforeCheckpoints() * eff),
                Estimate.exact(jobAvail * eff),
                Estimate.exact(Math.max(0, 1 - gpuDown / ((double) model.clusterGpus() * hours))),
                Estimate.exact(planned / days),
                Estimate.exact(g * stall / years),
                cat);
    }

    /**
     * E[max(a, U)] for U uniform on [0, w): the start of a repair that needs its part (ready after a mean delay a,
     * taken as fixed) and the next maintenance window.
     */
    static double expectedMaxUniform(double a, double w) {
        if (a >= w) {
            return a;
        }
        return (a * a + w * w) / (2 * w);
    }

    /**
     * Mean technician wait (hours) of the repair queue over a lifetime of {@code hours}: the machine-repairman
     * (finite-source M/M/c//N) queue of {@code units} repairable units failing at {@code arrivalRatePerHour /
     * units} each while up, scaled by the Allen-Cunneen factor {@code (1 + cs^2) / 2} for the service time's spread, and
     * never more than the work-conservation bound of the horizon: a repair that waits finds every technician busy, so
     * it waits at most for the work that arrived before it, {@code rho t} at time t, {@code rho T / 2} averaged over the
     * lifetime ({@code rho = lambda E[S] / c}). A finite source keeps the queue stable at any load (the Erlang C
     * infinite source diverges as the offered load reaches c); the horizon bound keeps a saturated queue to the wait it
     * can build up in the lifetime.
     */
    static double repairQueueWaitHours(
            int c,
            long units,
            double arrivalRatePerHour,
            double meanServiceHours,
            double secondMoment,
            double horizonHours) {
        if (meanServiceHours == 0 || arrivalRatePerHour == 0) {
            return 0;
        }
        double cs2 = Math.max(0, secondMoment / (meanServiceHours * meanServiceHours) - 1);
        double stationary =
                machineRepairmanWaitHours(c, units, arrivalRatePerHour / units, meanServiceHours) * (1 + cs2) / 2;
        double rho = arrivalRatePerHour * meanServiceHours / c;
        double wq = Math.min(stationary, rho * horizonHours / 2);
        if (!(wq >= 0) || Double.isInfinite(wq)) {
            throw new IllegalStateException("repair queue wait " + wq + " h is not a finite number >= 0");
        }
        return wq;
    }

    /**
     * Mean wait in queue (hours) of the machine-repairman model M/M/c//N: {@code units} machines, each failing at
     * {@code ratePerUnitHour} while up, {@code c} repairers with exponential repairs of mean {@code meanServiceHours}.
     * Stationary probabilities from the birth-death ratios {@code p_k / p_(k-1) = (N - k + 1) lambda / (min(k, c) mu)}
     * (summed in log space, stopping where the tail is below 1e-18 of the mode), then {@code Wq = Lq / (lambda (N -
     * L))} by Little's law. It tends to the M/M/c (Erlang C) wait as N grows at a fixed offered load below c, and stays
     * finite at any load.
     */
    static double machineRepairmanWaitHours(int c, long units, double ratePerUnitHour, double meanServiceHours) {
        if (units <= c || ratePerUnitHour == 0 || meanServiceHours == 0) {
            return 0;
        }
        double r = ratePerUnitHour * meanServiceHours;
        // first pass: the log of each unnormalised p_k up to the mode and beyond, until negligible
        double logTerm = 0;
        double maxLog = 0;
        int cap = (int) Math.min(units, Integer.MAX_VALUE - 1);
        double[] logs = new double[Math.min(cap + 1, 1 << 16)];
        int size = 0;
        for (int k = 0; k <= cap; k++) {
            if (k > 0) {
                logTerm += Math.log((units - k + 1) * r / Math.min(k, c));
            }
            if (size == logs.length) {
                logs = java.util.Arrays.copyOf(logs, (int) Math.min((long) logs.length * 2, cap + 1L));
            }
            logs[size++] = logTerm;
            maxLog = Math.max(maxLog, logTerm);
            if (k > c && logTerm < maxLog - 41.5 && (units - k) * r < c) {
                break; // decreasing from here on and below 1e-18 of the mode
            }
        }
        double z = 0;
        double l = 0;
        double lq = 0;
        for (int k = 0; k < size; k++) {
            double p = Math.exp(logs[k] - maxLog);
            z += p;
            l += k * p;
            lq += Math.max(0, k - c) * p;
        }
        l /= z;
        lq /= z;
        double effective = ratePerUnitHour * (units - l);
        return effective > 0 ? lq / effective : 0;
    }

    /**
     * Erlang C: probability that an arrival to an M/M/c queue with offered load {@code a = lambda / mu} waits.
     *
     * @throws InputException when {@code a >= c} (the queue is unstable)
     */
    public static double erlangC(int c, double a) {
        if (!(a < c)) {
            throw new InputException("repair queue overloaded: offered load " + String.format("%.2f", a)
                    + " technicians-worth >= " + c + " technicians; use at least " + ((int) Math.ceil(a) + 1)
                    + " technicians");
        }
        // Erlang B by the stable recursion, then C = B / (1 - rho (1 - B)).
        double b = 1.0;
        for (int k = 1; k <= c; k++) {
            b = a * b / (k + a * b);
        }
        double rho = a / c;
        return b / (1 - rho * (1 - b));
    }

    /** Mean wait in queue of an M/M/c queue (hours), arrival rate per hour and mean service in hours. */
    public static double mmcWaitHours(int c, double arrivalRatePerHour, double meanServiceHours) {
        double a = arrivalRatePerHour * meanServiceHours;
        if (a == 0) {
            return 0;
        }
        return erlangC(c, a) * meanServiceHours / (c - a);
    }

    /** M/G/c mean wait (Allen-Cunneen / Lee-Longton): M/M/c wait times (1 + cs^2) / 2. */
    static double mgcWaitHours(int c, double arrivalRatePerHour, double meanServiceHours, double secondMoment) {
        if (meanServiceHours == 0) {
            return 0;
        }
        double cs2 = secondMoment / (meanServiceHours * meanServiceHours) - 1;
        return mmcWaitHours(c, arrivalRatePerHour, meanServiceHours) * (1 + cs2) / 2;
    }

    /**
     * Mean wait for a spare over the lifetime under (S-1, S) base stock with FIFO allocation, for the population's
     * (possibly non-homogeneous) Poisson demand with cumulative intensity {@code Lambda(t)}: a demand at t waits
     * {@code E = int_0^L P(N(max(0, t - y), t) >= S) dy}, where N counts the other demands in the window (Poisson by
     * the Palm property); averaged over demands by integrating in {@code u = Lambda(t)} (midpoint rule, at least 400
     * and up to 20,000 x 64 points). A homogeneous demand takes a one-dimensional shortcut instead. The initial stock covers the first S demands exactly as in the Monte Carlo.
     */
    static double meanPartDelayHours(ComponentPopulation p, double hours) {
        RepairPolicy policy = p.repair();
        double lead = policy.restockLeadTimeHours();
        int spares = policy.sparesOnSite();
        if (lead == 0) {
            return 0;
        }
        if (spares == 0) {
            return lead;
        }
        double total = p.expectedFailures(hours);
        if (total == 0) {
            return 0;
        }
        if (p.failure().weibull() == null && hours >= lead) {
            // homogeneous demand m: stationary closed form E_L after L; a demand at t < L waits
            // int_0^t P(N(y) >= S) dy + (L - t) P(N(t) >= S), which integrates over [0, L] to
            // 2 int_0^L (L - y) P(N(y) >= S) dy. Mean: (1/T) [(T - L) E_L + 2 int_0^L (L - y) P(N(y) >= S) dy]
            double m = p.count() * p.failure().ratePerHour();
            int steps = 256;
            double startup = 0;
            for (int b = 0; b < steps; b++) {
                double y = lead * (b + 0.5) / steps;
                startup += (lead - y) * poissonTailSmall(spares, m * y);
            }
            startup *= 2 * lead / steps;
            return ((hours - lead) * partDelayHours(spares, m, lead) + startup) / hours;
        }
        // fine enough in time to resolve the start-up window [0, L], where the initial stock covers the demand
        int outer = (int) Math.min(20_000, Math.max(400, Math.ceil(40 * hours / lead)));
        int inner = 64;
        double sum = 0;
        for (int a = 0; a < outer; a++) {
            double u = total * (a + 0.5) / outer;
            double t = inverseCumulative(p, u, hours);
            double g = 0;
            for (int b = 0; b < inner; b++) {
                double y = lead * (b + 0.5) / inner;
                double window = u - p.expectedFailures(Math.max(0, t - y));
                g += poissonTailSmall(spares, window);
            }
            sum += g * lead / inner;
        }
        return sum / outer;
    }

    private static double inverseCumulative(ComponentPopulation p, double u, double hours) {
        if (p.failure().weibull() == null) {
            return u / (p.count() * p.failure().ratePerHour());
        }
        double lo = 0;
        double hi = hours;
        for (int k = 0; k < 60; k++) {
            double mid = 0.5 * (lo + hi);
            if (p.expectedFailures(mid) < u) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * P(N &gt;= k) for N ~ Poisson(mean): summed upwards from k when the mean is below k (fast and accurate for large
     * spare counts), else as 1 - P(N &lt; k).
     */
    static double poissonTailSmall(int k, double mean) {
        if (k <= 0) {
            return 1;
        }
        if (mean <= 0) {
            return 0;
        }
        if (mean < k) {
            double term = Math.exp(-mean + k * Math.log(mean) - Gamma.logGamma(k + 1.0));
            double sum = 0;
            for (int j = k; term > 1e-17 * sum || j == k; j++) {
                sum += term;
                term *= mean / (j + 1);
                if (j > k + 10_000) {
                    break;
                }
            }
            return Math.min(1, sum);
        }
        double term = Math.exp(-mean);
        double cdf = 0;
        for (int j = 0; j < k; j++) {
            cdf += term;
            term *= mean / (j + 1);
        }
        return Math.max(0, 1 - cdf);
    }

    /**
     * Expected wait for a spare under (S-1, S) base stock with Poisson demand (rate per hour) and lead time L (hours).
     */
    public static double partDelayHours(int spares, double demandRatePerHour, double leadHours) {
        if (leadHours == 0) {
            return 0;
        }
        if (spares == 0) {
            return leadHours;
        }
        if (demandRatePerHour == 0) {
            return 0;
        }
        double mean = demandRatePerHour * leadHours;
        double tailS = poissonTailSmall(spares, mean);
        double tailS1 = poissonTailSmall(spares + 1, mean);
        return Math.max(0, leadHours * tailS - spares / demandRatePerHour * tailS1);
    }

    /** P(N &gt;= k) for N ~ Poisson(mean). */
    static double poissonTail(int k, double mean) {
        if (k <= 0) {
            return 1;
        }
        if (mean == 0) {
            return 0;
        }
        return Math.max(0, 1 - new PoissonDistribution(mean).cumulativeProbability(k - 1));
    }
}
