package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;

/**
 * Everything one training-step estimate needs: model, parallelism, accelerator, network, energy figures, the token
 * budget for time-to-train and the compute calibration.
 *
 * @param tokenBudget tokens to train on (for time-to-train and energy per run)
 */
public record TrainingJob(
        ModelSpec model,
        Parallelism parallelism,
        AcceleratorSpec accelerator,
        ClusterNetwork network,
        EnergyInputs energy,
        double tokenBudget,
        StepCalibration calibration) {

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
        if (!(tokenBudget > 0)) {
            throw new InputException("tokens: " + tokenBudget + " must be positive");
        }
        parallelism.validateAgainst(model, parallelism.gpus());
        accelerator.peakFlops(model.precision());
    }

    /** A job with default network, energy and calibration and a 1T-token budget. */
    public static TrainingJob of(ModelSpec model, Parallelism par, AcceleratorSpec acc) {
        return new TrainingJob(model, par, acc, null, null, 1e12, null);
    }

    /** GPUs used. */
    public long gpus() {
        return parallelism.gpus();
    }
}
