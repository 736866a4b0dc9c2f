package dev.nearlight.explore.scenario;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code nearlight compare} scenario: one cluster, the workloads to train on it, the interconnect alternatives to
 * compare, and the environment, economics, reliability policy, fidelity and seed shared by all alternatives. Built by
 * {@link ScenarioLoader}; every field is validated and defaulted here, so a {@code Scenario} is always complete.
 *
 * @param name title for reports
 * @param description free text (optional)
 * @param cluster the cluster
 * @param workloads one or more training workloads
 * @param alternatives one or more interconnect alternatives, with unique names
 * @param environment cooling and temperature
 * @param economics prices, PUE, lifetime and discount rate
 * @param reliability checkpointing, repair and Monte Carlo settings
 * @param fidelity network model fidelity (default analytical)
 * @param routing path choice among equal-cost paths at flow fidelity (default ecmp)
 * @param seed root seed of every random stream (default 1)
 * @param sensitivity tornado settings
 */
public record Scenario(
        String name,
        String description,
        Cluster cluster,
        List<Workload> workloads,
        List<Alternative> alternatives,
        Environment environment,
        Economics economics,
        ReliabilityPolicy reliability,
        Fidelity fidelity,
        RoutingKind routing,
        Long seed,
        SensitivitySpec sensitivity) {
    /** Validates cross-field constraints (degrees against the GPU count, tiers against the optics) and defaults. */
    public Scenario {
        name = Checks.nonBlank(name, "name", "name: Llama-3 405B on 16k H100");
        description = description == null ? "" : description.trim();
        Checks.required(cluster, "cluster", "cluster: {gpu: h100, gpus: 1024, fabric: {...}}");
        Checks.required(workloads, "workloads", "workloads: [{model: llama3-70b, ...}]");
        if (workloads.isEmpty()) {
            throw new FieldProblem("workloads", "the list is empty", "add at least one workload");
        }
        Checks.required(alternatives, "alternatives", "alternatives: [{name: npo, optics: {...}}]");
        if (alternatives.isEmpty()) {
            throw new FieldProblem("alternatives", "the list is empty", "add at least one alternative");
        }
        environment = Checks.orDefault(environment, Environment.defaults());
        economics = Checks.orDefault(economics, Economics.defaults());
        reliability = Checks.orDefault(reliability, ReliabilityPolicy.defaults());
        fidelity = Checks.orDefault(fidelity, Fidelity.ANALYTICAL);
        routing = Checks.orDefault(routing, RoutingKind.ECMP);
        seed = Checks.orDefault(seed, 1L);
        sensitivity = Checks.orDefault(sensitivity, SensitivitySpec.defaults());
        workloads = checkWorkloads(cluster, workloads);
        checkAlternatives(cluster, alternatives);
        alternatives = List.copyOf(alternatives);
        String sensitivityAlternative = sensitivity.alternative();
        if (sensitivityAlternative != null
                && alternatives.stream().noneMatch(a -> a.name().equals(sensitivityAlternative))) {
            throw new FieldProblem(
                    "sensitivity.alternative",
                    "unknown alternative '" + sensitivityAlternative + "'",
                    "use one of " + alternatives.stream().map(Alternative::name).toList());
        }
    }

    private static List<Workload> checkWorkloads(Cluster cluster, List<Workload> workloads) {
        List<Workload> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < workloads.size(); i++) {
            Workload w = workloads.get(i);
            String at = "workloads[" + i + "]";
            if (w == null) {
                throw new FieldProblem(at, "empty workload", "give model, gbs, seq and tokens");
            }
            if (!names.add(w.name())) {
                throw new FieldProblem(
                        at + ".name", "duplicate workload name '" + w.name() + "'", "give each workload a unique name");
            }
            if (w.search()) {
                out.add(w); // the layout is chosen per alternative, against the cluster's GPUs
                continue;
            }
            int modelParallel = w.tp() * w.pp() * w.cp();
            int gpus = cluster.gpus();
            if (w.dp() == null) {
                if (gpus % modelParallel != 0) {
                    throw new FieldProblem(
                            at + ".tp",
                            "tp x pp x cp = " + modelParallel + " does not divide the cluster's " + gpus + " GPUs",
                            "choose degrees whose product divides " + gpus);
                }
                w = w.withDp(gpus / modelParallel);
            } else if (modelParallel * w.dp() != gpus) {
                throw new FieldProblem(
                        at + ".dp",
                        "tp x pp x dp x cp = " + w.tp() + " x " + w.pp() + " x " + w.dp()
                                + " x " + w.cp() + " = " + (long) modelParallel * w.dp()
                                + " differs from the cluster's "
                                + gpus + " GPUs",
                        gpus % modelParallel == 0
                                ? "use dp: " + gpus / modelParallel + " or omit dp"
                                : "choose degrees whose product is " + gpus);
            }
            if (w.gbs() % (w.mbs() * w.dp()) != 0) {
                throw new FieldProblem(
                        at + ".gbs",
                        "gbs " + w.gbs() + " is not a multiple of mbs x dp = " + w.mbs() * w.dp(),
                        "use a multiple of " + w.mbs() * w.dp());
            }
            out.add(w);
        }
        return List.copyOf(out);
    }

    private static void checkAlternatives(Cluster cluster, List<Alternative> alternatives) {
        Set<String> names = new HashSet<>();
        FabricSpec fabric = cluster.fabric();
        for (int i = 0; i < alternatives.size(); i++) {
            Alternative a = alternatives.get(i);
            String at = "alternatives[" + i + "]";
            if (a == null) {
                throw new FieldProblem(at, "empty alternative", "give name and optics");
            }
            if (!names.add(a.name())) {
                throw new FieldProblem(
                        at + ".name",
                        "duplicate alternative name '" + a.name() + "'",
                        "give each alternative a unique name");
            }
            int tiers = fabric.isFatTree() ? fabric.tiers() : 3;
            if (tiers >= 2 && a.optics().leafSpine() == null) {
                throw new FieldProblem(
                        at + ".optics.leafSpine",
                        "missing required field",
                        "a " + tiers + "-tier fabric needs optics for leafSpine, e.g. leafSpine: npo");
            }
            if (fabric.isFatTree() && tiers == 3 && a.optics().spineCore() == null) {
                throw new FieldProblem(
                        at + ".optics.spineCore",
                        "missing required field",
                        "a 3-tier fabric needs optics for spineCore, e.g. spineCore: cpo");
            }
            if (fabric.isFatTree() && tiers < 3 && a.optics().spineCore() != null) {
                throw new FieldProblem(
                        at + ".optics.spineCore",
                        "the fabric has only " + tiers + " tier(s)",
                        "remove spineCore or set cluster.fabric.tiers: 3");
            }
            if (fabric.isFatTree() && tiers < 2 && a.optics().leafSpine() != null) {
                throw new FieldProblem(
                        at + ".optics.leafSpine",
                        "the fabric has only 1 tier",
                        "remove leafSpine or set cluster.fabric.tiers: 2");
            }
        }
    }

    /** The alternative with this name. */
    public Alternative alternative(String altName) {
        return alternatives.stream()
                .filter(a -> a.name().equals(altName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no alternative " + altName));
    }

    /** The same scenario with other economics (sensitivity variants). */
    public Scenario withEconomics(Economics newEconomics) {
        return new Scenario(
                name,
                description,
                cluster,
                workloads,
                alternatives,
                environment,
                newEconomics,
                reliability,
                fidelity,
                routing,
                seed,
                sensitivity);
    }

    /** The same scenario with another environment (sensitivity variants). */
    public Scenario withEnvironment(Environment newEnvironment) {
        return new Scenario(
                name,
                description,
                cluster,
                workloads,
                alternatives,
                newEnvironment,
                economics,
                reliability,
                fidelity,
                routing,
                seed,
                sensitivity);
    }

    /** The same scenario with other sensitivity settings (break-even and uncertainty questions). */
    public Scenario withSensitivity(SensitivitySpec newSensitivity) {
        return new Scenario(
                name,
                description,
                cluster,
                workloads,
                alternatives,
                environment,
                economics,
                reliability,
                fidelity,
                routing,
                seed,
                newSensitivity);
    }

    /** The same scenario with another reliability policy (sensitivity variants of spares or checkpointing). */
    public Scenario withReliability(ReliabilityPolicy newReliability) {
        return new Scenario(
                name,
                description,
                cluster,
                workloads,
                alternatives,
                environment,
                economics,
                newReliability,
                fidelity,
                routing,
                seed,
                sensitivity);
    }
}
