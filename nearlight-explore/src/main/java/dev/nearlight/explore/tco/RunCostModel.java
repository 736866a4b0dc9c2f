package dev.nearlight.explore.tco;

import dev.nearlight.explore.scenario.GpuTimePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The whole-cluster cost of one training run, with lost time counted once: the run holds the cluster for its wall time
 * (failures included), and every time-proportional charge uses that wall time; lost GPU-hours are not charged again.
 *
 * <ul>
 *   <li>GPU time: {@code gpu-hour-price}: GPUs x wall hours x price per GPU-hour (the price covers the nodes, their
 *       energy and their repairs, so those are not added); {@code gpu-capex}: node capex / A / 8,760 h x wall hours,
 *       with the annuity factor A of {@link TcoModel#annuityFactor} (capital recovery at the discount rate), plus
 *       node energy and node repairs.
 *   <li>Node energy: nodes x (busy W x busy hours + idle W x idle hours) x PUE x price; busy hours are the
 *       failure-free hours plus rework, idle hours the restarts and waits.
 *   <li>Fabric: its capex recovered the same way for the wall hours; its power for the wall hours x PUE x price; its
 *       repairs (parts and labour per year) for the wall hours.
 * </ul>
 */
public final class RunCostModel {
    private RunCostModel() {}

    /** Evaluates the cost of one run. */
    public static RunCost evaluate(RunCostInputs in) {
        double a = TcoModel.annuityFactor(in.discountRate(), in.lifetimeYears());
        double wallYears = in.wallHours() / TcoModel.HOURS_PER_YEAR;
        double busyHours = in.failureFreeHours() + in.busyLostHours();
        double kwhUsd = in.pue() * in.electricityUsdPerKwh() / 1000.0; // USD per W-hour of IT power
        double nodeWh = in.nodes() * (in.nodeBusyW() * busyHours + in.nodeIdleW() * in.idleHours());
        double fabricWh = in.fabricPowerW() * in.wallHours();

        List<TcoComponent> c = new ArrayList<>();
        if (in.gpuTime() == GpuTimePolicy.GPU_HOUR_PRICE) {
            c.add(new TcoComponent(
                    "gpuTime", "GPU time at the GPU-hour price", in.gpus() * in.wallHours() * in.gpuHourUsd()));
        } else {
            c.add(new TcoComponent("gpuCapex", "GPU node capex share", in.nodeCapexUsd() / a * wallYears));
            c.add(new TcoComponent("nodeEnergy", "Node energy (busy and idle)", nodeWh * kwhUsd));
            c.add(new TcoComponent(
                    "nodeRepairs",
                    "Node repairs (parts and labour)",
                    in.repairs().nodeUsdPerYear() * wallYears));
        }
        c.add(new TcoComponent("fabricCapex", "Fabric capex share", in.fabricCapexUsd() / a * wallYears));
        c.add(new TcoComponent("fabricEnergy", "Fabric energy", fabricWh * kwhUsd));
        c.add(new TcoComponent(
                "fabricRepairs",
                "Fabric repairs (parts and labour)",
                in.repairs().fabricUsdPerYear() * wallYears));
        double total = c.stream().mapToDouble(TcoComponent::usd).sum();
        String contains = c.stream().map(TcoComponent::label).collect(Collectors.joining(" + "))
                + ", for the wall time with failures";
        double energyMWh = (nodeWh + fabricWh) * in.pue() / 1e6;
        return new RunCost(c, total, contains, energyMWh);
    }
}
