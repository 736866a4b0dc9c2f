package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;
import java.util.List;

/**
 * Per-population quantities both estimators need, derived once from a {@link ClusterReliabilityModel} and the job's
 * policies ({@link JobPolicy}) so the Monte Carlo and the analytical mode use exactly the same job-impact rules. For
 * each population, the fault effect (from the failure until the repair completes) and the service effect (while a
 * technician replaces a part serviced at board level or by a switch swap) become:
 *
 * <ul>
 *   <li>an interruption with probability {@code p}: whole nodes out, or k nodes that lose a rail under {@code
 *       swap-node} or {@code swap-or-degrade}, interrupt when one of them runs the job, {@code p = 1 - C(spare, k) /
 *       C(nodes, k)}; a job-wide fault, or a fabric path the job does not reroute, always interrupts; {@code waits}
 *       when k exceeds the spare nodes, except under {@code swap-or-degrade}, where the job restarts with those k
 *       nodes on one rail fewer until the repair;
 *   <li>and/or slower running: a fabric path the job reroutes costs {@link JobSpec#fabricPathLoss}: its dark uplinks
 *       x the job's simulated loss per dark fabric link when given, else {@code commBoundFraction x
 *       bandwidthLossFraction}; nodes running on one rail fewer ({@code degrade}, without an interruption, or {@code
 *       swap-or-degrade} beyond the spares) {@code commBoundFraction / rails}, for as long as it lasts.
 * </ul>
 *
 * Flaps interrupt when they outlast the transport timeout (on a rerouted path: when rerouting is slower than the
 * timeout too) and otherwise stall the job for their duration (on a rerouted path: until rerouted). Durations are
 * exponential with the population's mean.
 */
final class CompiledModel {
    final ClusterReliabilityModel model;
    final double hours;
    final int n;
    final ComponentPopulation[] pops;
    final double[] constRate; // population rate per hour (count * ratePerHour)
    final double[] interruptP; // fault: probability a failure interrupts the job
    final boolean[] waits; // fault: an interruption waits for the repair (not enough spare nodes)
    final double[] degradeFactor; // fault: slowdown while dark (fraction of step time lost)
    final double[] serviceInterruptP;
    final boolean[] serviceWaits;
    final double[] serviceDegradeFactor;
    final boolean serviceRework; // a service interruption loses the compute since the last checkpoint
    final double[] deferralWindowHours; // repair deferred to the next window, uniform in [0, W)
    final double[] drainP;
    final double[] flapTauHours; // flap longer than this interrupts (+inf: never)
    final double[] flapCapHours; // stall of a shorter flap is min(duration, cap)
    final int[] category;
    final double[] eventRate; // rate in the superposed event stream: flaps are drawn per population instead
    final org.hipparchus.distribution.discrete.PoissonDistribution[] flapLong; // exposed flaps beyond the timeout
    final org.hipparchus.distribution.discrete.PoissonDistribution[] flapShort; // exposed flaps within it
    final org.hipparchus.distribution.discrete.PoissonDistribution[] flapUnexposed;
    final double checkpointIntervalHours;
    final double jobMtbfHours;
    final double periodHours; // interval + write
    final double checkpointEfficiency;

    CompiledModel(ClusterReliabilityModel model, double years) {
        if (!(years > 0) || years > 100) {
            throw new InputException("years " + years + " out of range: use (0, 100]");
        }
        this.model = model;
        this.hours = years * Rates.HOURS_PER_YEAR;
        List<ComponentPopulation> list = model.populations();
        this.n = list.size();
        this.pops = list.toArray(new ComponentPopulation[0]);
        this.constRate = new double[n];
        this.interruptP = new double[n];
        this.waits = new boolean[n];
        this.degradeFactor = new double[n];
        this.serviceInterruptP = new double[n];
        this.serviceWaits = new boolean[n];
        this.serviceDegradeFactor = new double[n];
        this.deferralWindowHours = new double[n];
        this.drainP = new double[n];
        this.flapTauHours = new double[n];
        this.flapCapHours = new double[n];
        this.category = new int[n];
        this.eventRate = new double[n];
        this.flapLong = new org.hipparchus.distribution.discrete.PoissonDistribution[n];
        this.flapShort = new org.hipparchus.distribution.discrete.PoissonDistribution[n];
        this.flapUnexposed = new org.hipparchus.distribution.discrete.PoissonDistribution[n];
        JobSpec job = model.job();
        JobPolicy policy = job.policy();
        this.serviceRework = policy.repairSchedule() == JobPolicy.RepairSchedule.IMMEDIATE;
        double timeoutH = policy.transportTimeoutS() / 3600.0;
        double rerouteH = policy.rerouteSeconds() / 3600.0;
        double interruptRate = 0;
        for (int i = 0; i < n; i++) {
            ComponentPopulation p = pops[i];
            constRate[i] = p.count() * p.failure().ratePerHour();
            eventRate[i] = p.flap() ? 0 : constRate[i];
            category[i] = p.category().ordinal();
            Impact f = impact(p.fault());
            interruptP[i] = f.p;
            waits[i] = f.waits;
            degradeFactor[i] = f.degrade;
            if (p.flap()) {
                double mu = p.flapMeanHours();
                if (p.fault().fabricPath() && job.rerouteFabricFailures()) {
                    flapCapHours[i] = rerouteH;
                    flapTauHours[i] = rerouteH > timeoutH ? timeoutH : Double.POSITIVE_INFINITY;
                    interruptP[i] = 1;
                    degradeFactor[i] = 0;
                } else if (f.p == 0) {
                    // a node that runs degraded on a rail loss fails over once the transport gives up
                    flapCapHours[i] = timeoutH;
                    flapTauHours[i] = Double.POSITIVE_INFINITY;
                    interruptP[i] = 1;
                } else {
                    flapCapHours[i] = timeoutH;
                    flapTauHours[i] = timeoutH;
                }
                interruptRate += p.expectedFailures(hours) / hours * interruptP[i] * tail(flapTauHours[i], mu);
                double all = p.expectedFailures(hours);
                double pLong = tail(flapTauHours[i], mu);
                flapLong[i] = poisson(all * interruptP[i] * pLong);
                flapShort[i] = poisson(all * interruptP[i] * (1 - pLong));
                flapUnexposed[i] = poisson(all * (1 - interruptP[i]));
                continue;
            }
            // a service outage of whole nodes the fault already took out of the job (a swapped node) costs nothing more
            boolean nodesAlreadyOut = p.service().gpusDown() > 0
                    && (p.fault().gpusDown() > 0
                            || (p.fault().railNodes() > 0
                                    && swapsRailLoss(p.fault().railNodes())));
            if (!p.service().equals(Effect.NONE) && p.repair().needsRepair() && !nodesAlreadyOut) {
                if (policy.repairSchedule() == JobPolicy.RepairSchedule.MAINTENANCE_WINDOW) {
                    deferralWindowHours[i] = policy.maintenanceWindowHours();
                } else {
                    Impact s = impact(p.service());
                    serviceInterruptP[i] = s.p;
                    serviceWaits[i] = s.waits;
                    serviceDegradeFactor[i] = s.degrade;
                }
            }
            drainP[i] = policy.drainBeforeFailure() ? p.drainableFraction() : 0;
            interruptRate += p.expectedFailures(hours) / hours * interruptP[i] * (1 - drainP[i]);
        }
        this.jobMtbfHours = interruptRate > 0 ? 1.0 / interruptRate : Double.POSITIVE_INFINITY;
        this.checkpointIntervalHours = job.effectiveCheckpointIntervalHours(jobMtbfHours);
        this.periodHours = checkpointIntervalHours + job.checkpointWriteHours();
        this.checkpointEfficiency = policy.asyncCheckpoint() ? 1.0 : checkpointIntervalHours / periodHours;
    }

    /** P(D &gt; tau) for an exponential duration of mean mu. */
    static double tail(double tau, double mu) {
        return Double.isInfinite(tau) ? 0 : Math.exp(-tau / mu);
    }

    /**
     * E[min(D, cap) ; D &lt;= tau] for an exponential duration D of mean mu: the expected stall of a flap that does not
     * interrupt.
     */
    static double expectedStall(double tau, double cap, double mu) {
        if (cap >= tau) {
            return mu - (mu + tau) * Math.exp(-tau / mu);
        }
        double minDc = mu * (1 - Math.exp(-cap / mu));
        return minDc - cap * tail(tau, mu);
    }

    /**
     * E[min(D, cap)^2 ; D &lt;= tau] for an exponential duration D of mean mu (the second moment of a flap's stall).
     */
    static double expectedStallSquared(double tau, double cap, double mu) {
        double c = Math.min(cap, tau);
        double below = 2 * mu * mu - Math.exp(-c / mu) * (c * c + 2 * mu * c + 2 * mu * mu);
        return cap >= tau ? below : below + cap * cap * (Math.exp(-cap / mu) - tail(tau, mu));
    }

    private static org.hipparchus.distribution.discrete.PoissonDistribution poisson(double mean) {
        return mean > 0 ? new org.hipparchus.distribution.discrete.PoissonDistribution(mean) : null;
    }

    private record Impact(double p, boolean waits, double degrade) {}

    private Impact impact(Effect e) {
        JobSpec job = model.job();
        if (e.gpusDown() > 0) {
            int k = (e.gpusDown() + model.gpusPerNode() - 1) / model.gpusPerNode();
            return new Impact(exposure(k), k > model.spareNodes(), 0);
        }
        if (e.railNodes() > 0) {
            int k = e.railNodes();
            JobPolicy.RailLoss rl = job.policy().railLoss();
            if (model.rails() > 1 && rl == JobPolicy.RailLoss.DEGRADE) {
                return new Impact(0, false, job.commBoundFraction() / model.rails());
            }
            if (!swapsRailLoss(k)) {
                // swap-or-degrade beyond the spares: the dark rail stops the job as a swap would, and it restarts with
                // those nodes on one rail fewer instead of waiting for the repair
                return new Impact(exposure(k), false, job.commBoundFraction() / model.rails());
            }
            return new Impact(exposure(k), k > model.spareNodes(), 0);
        }
        if (e.fabricPath()) {
            return job.rerouteFabricFailures() ? new Impact(0, false, job.fabricPathLoss(e)) : new Impact(1, false, 0);
        }
        return new Impact(1, false, 0);
    }

    /**
     * Whether an outage that costs {@code k} nodes one rail each is met by swapping them for spare nodes (an
     * interruption) rather than by running them on one rail fewer; a single-rail node cannot run degraded.
     */
    private boolean swapsRailLoss(int k) {
        return model.rails() <= 1 || model.job().policy().railLoss().swaps(k, model.spareNodes());
    }

    /** Probability that at least one of k failed nodes runs the job: 1 - C(spare, k) / C(nodes, k). */
    private double exposure(int k) {
        int nodes = model.nodes();
        int spare = model.spareNodes();
        double allSpare = 1.0;
        for (int j = 0; j < k && allSpare > 0; j++) {
            allSpare *= Math.max(0, spare - j) / (double) (nodes - j);
        }
        return 1.0 - allSpare;
    }

    /** Useful fraction of running time after blocking checkpoint writes (1 for asynchronous checkpoints). */
    double checkpointEfficiency() {
        return checkpointEfficiency;
    }

    /** Effective time to train given the fraction of wall time the job runs (job availability). */
    double effectiveTimeToTrainDays(double jobAvailability) {
        double a = Math.max(jobAvailability, 1e-6);
        return model.job().failureFreeTimeToTrainDays() / (a * checkpointEfficiency());
    }
}
