package dev.nearlight.sim.reliability;

import dev.nearlight.core.InputException;
import java.util.List;

/**
 * Per-population quantities both estimators need, derived once from a {@link ClusterReliabilityModel} so the Monte
 * Carlo and the analytical mode use exactly the same job-impact rules:
 *
 * <ul>
 *   <li>exposure: probability that a failed unit is used by the job (1 for fabric-path units and job-wide faults;
 *       otherwise 1 - C(spareNodes, k) / C(nodes, k) for a unit that takes k nodes down);
 *   <li>waits: the job cannot restart on spare nodes (k &gt; spare nodes) and waits for the repair;
 *   <li>degraded: a fabric-path unit when the job reroutes: no interruption, slower running until repaired.
 * </ul>
 */
final class CompiledModel {
    final ClusterReliabilityModel model;
    final double hours;
    final int n;
    final ComponentPopulation[] pops;
    final double[] constRate; // population rate per hour (count * ratePerHour)
    final double[] exposure;
    final boolean[] waits;
    final boolean[] degraded;
    final double[] degradeFactor; // bandwidthLossFraction * commBoundFraction
    final double checkpointIntervalHours;
    final double jobMtbfHours;
    final double periodHours; // interval + write

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
        this.exposure = new double[n];
        this.waits = new boolean[n];
        this.degraded = new boolean[n];
        this.degradeFactor = new double[n];
        JobSpec job = model.job();
        int nodes = model.nodes();
        int spare = model.spareNodes();
        double interruptRate = 0;
        for (int i = 0; i < n; i++) {
            ComponentPopulation p = pops[i];
            constRate[i] = p.count() * p.failure().ratePerHour();
            if (p.fabricPath() || p.gpusDown() == 0) {
                exposure[i] = 1.0;
            } else {
                int k = (p.gpusDown() + model.gpusPerNode() - 1) / model.gpusPerNode();
                double allSpare = 1.0;
                for (int j = 0; j < k; j++) {
                    allSpare *= Math.max(0, spare - j) / (double) (nodes - j);
                }
                exposure[i] = 1.0 - allSpare;
                waits[i] = k > spare;
            }
            degraded[i] = p.fabricPath() && job.rerouteFabricFailures();
            degradeFactor[i] = p.bandwidthLossFraction() * job.commBoundFraction();
            if (!degraded[i]) {
                interruptRate += p.expectedFailures(hours) / hours * exposure[i];
            }
        }
        this.jobMtbfHours = interruptRate > 0 ? 1.0 / interruptRate : Double.POSITIVE_INFINITY;
        this.checkpointIntervalHours = job.effectiveCheckpointIntervalHours(jobMtbfHours);
        this.periodHours = checkpointIntervalHours + job.checkpointWriteHours();
    }

    /** Useful fraction of running time after checkpoint writes. */
    double checkpointEfficiency() {
        return checkpointIntervalHours / periodHours;
    }

    /** Effective time to train given the fraction of wall time the job runs (job availability). */
    double effectiveTimeToTrainDays(double jobAvailability) {
        double a = Math.max(jobAvailability, 1e-6);
        return model.job().failureFreeTimeToTrainDays() / (a * checkpointEfficiency());
    }
}
