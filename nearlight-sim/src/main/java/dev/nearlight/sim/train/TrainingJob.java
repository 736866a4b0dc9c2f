package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;

/**
 * Everything one training-step estimate needs: model, parallelism, accelerator, network, energy figures, the token
 * budget for time-to-train and the compute calibration.
 *
 * @param tokenBudget tokens to train on (for time-to-train and energy per run)
 * @param fabricPowerW network power by component in W from a built fabric's roll-up (keys switches, optics,
 *     hostSerdes and, with a scale-up domain in the fabric, scaleUp), or null for the per-port estimates of
 *     {@link EnergyInputs}
 */
public record TrainingJob(
        ModelSpec model,
        Parallelism parallelism,
        AcceleratorSpec accelerator,
        ClusterNetwork network,
        EnergyInputs energy,
        double tokenBudget,
        StepCalibration calibration,
        java.util.Map<String, Double> fabricPowerW) {

    /** A job whose network power comes from {@code energy} (no built fabric). */
    public TrainingJob(
            ModelSpec model,
            Parallelism parallelism,
            AcceleratorSpec accelerator,
            ClusterNetwork network,
            EnergyInputs energy,
            double tokenBudget,
            StepCalibration calibration) {
        this(model, parallelism, accelerator, network, energy, tokenBudget, calibration, null);
    }

    public TrainingJob {
        if (model == null || parallelism == null || accelerator == null) {
            throw new InputException("job: model, parallelism and accelerator are required");
        }
        if (network == null) {
            network = ClusterNetwork.defaultFor(accelerator);
        }
        if (energy == null) {
            energy = EnergyInputs.defaults();
        }
        if (calibration == null) {
            calibration = StepCalibration.defaults();
        }
        fabricPowerW = fabricPowerW == null ? null : java.util.Map.copyOf(fabricPowerW);
        if (!(tokenBudget > 0) || tokenBudget > MAX_TOKEN_BUDGET) {
            throw new InputException("tokens: " + tokenBudget + " must be positive and at most " + MAX_TOKEN_BUDGET
                    + " (the largest published pre-training runs are ~4e13 tokens)");
        }
        parallelism.validateAgainst(model, parallelism.gpus());
        accelerator.peakFlops(model.precision());
    }

    /** Largest token budget a job may have: a thousand times the largest published pre-training run. */
    public static final double MAX_TOKEN_BUDGET = 1e17;

    /** A job with default network, energy and calibration and a 1T-token budget. */
    public static TrainingJob of(ModelSpec model, Parallelism par, AcceleratorSpec acc) {
        return new TrainingJob(model, par, acc, null, null, 1e12, null);
    }

    /** GPUs used. */
    public long gpus() {
        return parallelism.gpus();
    }
}
