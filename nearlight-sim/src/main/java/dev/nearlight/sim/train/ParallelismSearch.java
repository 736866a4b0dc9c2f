package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the fastest parallel layouts of one model on one cluster: every TP x CP x PP x DP (x EP) split of the GPUs, with
 * micro-batch size, interleaving, data-parallel sharding and the lightest recomputation that fits in memory, ranked by
 * the step time of the analytical step model. Branch and bound keeps it fast: each layout gets a lower bound (its
 * compute on the critical rank plus the uniform-stage pipeline bubble, both of which the full estimate can only
 * exceed), layouts are simulated in bound order, and the search stops when the next bound is above the k-th best
 * step time found, so the returned top k are exact under the model. Reusable by sweeps and compare: give the network
 * figures of each fabric alternative. The per-run settings ({@link RunSettings}: dropout, sequence parallelism,
 * gradient precision, overlaps, fused attention, calibration) are the caller's and stay fixed, so each returned layout
 * is evaluated exactly as the same layout given by hand with those settings.
 */
public final class ParallelismSearch {
    private ParallelismSearch() {}

    /**
     * What to search over.
     *
     * @param globalBatch global batch in sequences (fixed: it is a training hyper-parameter, not a layout choice)
     * @param microBatches micro-batch sizes to try
     * @param recompute recomputation modes allowed; per layout the lightest that fits is kept (never faster to recompute),
     *     and with {@code none} allowed on pp 1 also the fewest offloaded layers that fit without recomputation
     * @param shardings data-parallel sharding modes to try
     * @param maxVpp largest interleaving degree tried
     * @param maxCp largest context-parallel degree tried (powers of two)
     * @param tpAcrossDomains also try TP groups twice the scale-up domain (spanning domains over NICs)
     * @param top how many layouts to return
     * @param settings the per-run settings every layout is built and priced with (null = {@link
     *     RunSettings#defaults()})
     */
    public record Options(
            int globalBatch,
            List<Integer> microBatches,
            List<Recompute> recompute,
            List<DpSharding> shardings,
            int maxVpp,
            int maxCp,
            boolean tpAcrossDomains,
            int top,
            RunSettings settings) {
        /** Options with the default run settings. */
        public Options(
                int globalBatch,
                List<Integer> microBatches,
                List<Recompute> recompute,
                List<DpSharding> shardings,
                int maxVpp,
                int maxCp,
                boolean tpAcrossDomains,
                int top) {
            this(globalBatch, microBatches, recompute, shardings, maxVpp, maxCp, tpAcrossDomains, top, null);
        }

        public Options {
            if (globalBatch <= 0) {
                throw InputException.of("gbs", globalBatch + " must be positive for the search", "give {gbs} > 0");
            }
            if (top <= 0) {
                throw new InputException("top: " + top + " must be positive");
            }
            microBatches = List.copyOf(microBatches);
            recompute = List.copyOf(recompute);
            shardings = List.copyOf(shardings);
            if (settings == null) {
                settings = RunSettings.defaults();
            }
        }

        /** The same options with other allowed recomputation modes. */
        public Options withRecompute(List<Recompute> r) {
            return new Options(globalBatch, microBatches, r, shardings, maxVpp, maxCp, tpAcrossDomains, top, settings);
        }

        /** The same options with other run settings. */
        public Options withSettings(RunSettings s) {
            return new Options(globalBatch, microBatches, recompute, shardings, maxVpp, maxCp, tpAcrossDomains, top, s);
        }

        /** Megatron-style defaults: mbs 1, 2, 4; all recompute modes; distributed optimizer or FSDP; vpp and cp to 16. */
        public static Options defaults(int globalBatch) {
            return new Options(
                    globalBatch,
                    List.of(1, 2, 4),
                    List.of(Recompute.NONE, Recompute.SELECTIVE, Recompute.FULL),
                    List.of(DpSharding.ZERO1, DpSharding.ZERO3),
                    16,
                    16,
                    false,
                    10);
        }
    }

    /** One evaluated layout. */
    public record Candidate(Parallelism parallelism, StepResult result) {}

    /**
     * Outcome of a search.
     *
     * @param best the fastest layouts, fastest first
     * @param enumerated layouts generated (valid degrees)
     * @param fitting layouts that fit in memory with some allowed recomputation
     * @param simulated layouts priced by the full step model before the bound stopped the search
     * @param options what was searched, with the run settings every layout was priced with (for reports)
     */
    public record Result(List<Candidate> best, int enumerated, int fitting, int simulated, Options options) {}

    private record Pending(Parallelism parallelism, double lowerBoundS) {}

    /** Searches layouts of {@code model} on {@code gpus} accelerators {@code acc} connected by {@code net}. */
    public static Result search(ModelSpec model, AcceleratorSpec acc, ClusterNetwork net, long gpus, Options o) {
        if (gpus <= 0 || gpus > Integer.MAX_VALUE) {
            throw new InputException("gpus: " + gpus + " must be a positive integer");
        }
        if (o.settings() != null) {
            // checked once here: per layout, a rejected layout is skipped as "not a layout", which would hide it
            o.settings().software().checkAgainst(model);
        }
        ClusterNetwork network = net == null ? ClusterNetwork.defaultFor(acc) : net;
        TrainingStepModel step = new TrainingStepModel(new AlphaBetaCostModel(network));
        int domain = network.scaleUpDomainGpus();
        int n = (int) gpus;
        List<Pending> pending = new ArrayList<>();
        int enumerated = 0;
        int maxTp = o.tpAcrossDomains() ? 2 * domain : domain;
        for (int tp = 1; tp <= Math.min(maxTp, model.heads()); tp++) {
            if (model.heads() % tp != 0 || n % tp != 0) {
                continue;
            }
            if (model.kvHeads() % tp != 0 && tp % model.kvHeads() != 0) {
                continue;
            }
            for (int cp = 1; cp <= o.maxCp(); cp *= 2) {
                if (n % ((long) tp * cp) != 0 || (cp > 1 && model.seqLen() % (2 * cp) != 0)) {
                    continue;
                }
                if (o.settings().sequenceParallelAt(tp) && model.seqLen() / cp % tp != 0) {
                    continue; // sequence parallelism is a run setting: a layout that cannot split seq / cp by tp
                }
                for (int pp = 1; pp <= model.layers() + 2; pp++) {
                    if (n % ((long) tp * cp * pp) != 0) {
                        continue;
                    }
                    int dp = n / (tp * cp * pp);
                    for (int ep : expertDegrees(model, dp * cp)) {
                        for (int mbs : o.microBatches()) {
                            if (o.globalBatch() % ((long) dp * mbs) != 0) {
                                continue;
                            }
                            int micro = o.globalBatch() / (dp * mbs);
                            for (int vpp = 1; vpp <= (pp == 1 ? 1 : o.maxVpp()); vpp++) {
                                if (vpp > 1 && micro % pp != 0) {
                                    break;
                                }
                                boolean even = model.layers() % (pp * vpp) == 0;
                                int slots = model.layers() + 2;
                                // the split Parallelism accepts: the slots divide over the virtual stages (one each
                                // leaves the first and last with only the embedding and the loss)
                                boolean accounted = !even && pp > 1 && slots % (pp * vpp) == 0;
                                if (!even && !accounted) {
                                    continue;
                                }
                                for (DpSharding sh : o.shardings()) {
                                    enumerated++;
                                    Degrees d = new Degrees(tp, pp, dp, cp, ep, vpp, mbs, accounted, sh);
                                    for (Candidate fit : fitting(model, acc, network, d, o)) {
                                        pending.add(new Pending(
                                                fit.parallelism(),
                                                lowerBound(step, model, acc, network, o.settings(), fit)));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        pending.sort(Comparator.comparingDouble(Pending::lowerBoundS));
        List<Candidate> best = new ArrayList<>();
        int simulated = 0;
        for (Pending p : pending) {
            if (best.size() >= o.top()
                    && p.lowerBoundS() >= best.get(best.size() - 1).result().stepTimeS()) {
                break;
            }
            StepResult r = step.simulate(job(model, p.parallelism(), acc, network, o.settings()));
            simulated++;
            best.add(new Candidate(p.parallelism(), r));
            best.sort(Comparator.comparingDouble(c -> c.result().stepTimeS()));
            if (best.size() > o.top()) {
                best.remove(best.size() - 1);
            }
        }
        return new Result(List.copyOf(best), enumerated, pending.size(), simulated, o);
    }

    /** The job a layout is priced as: default energy figures and token budget (they do not change the step time). */
    private static TrainingJob job(
            ModelSpec model, Parallelism par, AcceleratorSpec acc, ClusterNetwork net, RunSettings settings) {
        return new TrainingJob(model, par, acc, net, null, 1e12, settings.calibration());
    }

    /** Expert-parallel degrees: 1 for dense models, else divisors of the experts that divide dp x cp. */
    private static List<Integer> expertDegrees(ModelSpec model, int dpCp) {
        List<Integer> out = new ArrayList<>();
        if (!model.isMoe()) {
            out.add(1);
            return out;
        }
        for (int ep = 1; ep <= model.experts(); ep++) {
            if (model.experts() % ep == 0 && dpCp % ep == 0) {
                out.add(ep);
            }
        }
        return out;
    }

    /**
     * The ways a layout fits in memory (results unset): the lightest allowed recomputation that fits and, where that is
     * not "none" and Megatron-Core allows activation offloading (pp 1, no recomputation allowed by the options, a GPU
     * with a host link), the fewest offloaded layers that fit instead (host memory checked). Neither is always faster:
     * offloading costs only the copy time a layer's compute does not hide, recomputation the recomputed work, so both
     * are priced and ranked.
     */
    private static List<Candidate> fitting(
            ModelSpec model, AcceleratorSpec acc, ClusterNetwork net, Degrees d, Options o) {
        List<Candidate> out = new ArrayList<>();
        Candidate light = lightestFitting(model, acc, net, d, o, 0);
        if (light != null) {
            out.add(light);
        }
        boolean noneFits = light != null && light.parallelism().recompute() == Recompute.NONE;
        if (!noneFits && d.pp() == 1 && acc.host().present() && o.recompute().contains(Recompute.NONE)) {
            Options none = o.withRecompute(List.of(Recompute.NONE));
            int lo = 1;
            int hi = model.layers() - 1;
            Candidate found = null;
            // memory falls as layers are offloaded: the fewest that fit, by bisection
            while (lo <= hi) {
                int k = (lo + hi) >>> 1;
                Candidate c = lightestFitting(model, acc, net, d, none, k);
                if (c != null) {
                    found = c;
                    hi = k - 1;
                } else {
                    lo = k + 1;
                }
            }
            if (found != null && fitsHost(model, acc, net, o, found.parallelism())) {
                out.add(found);
            }
        }
        return out;
    }

    /** The offloaded layers' activations fit in the GPU's share of host memory. */
    private static boolean fitsHost(
            ModelSpec model, AcceleratorSpec acc, ClusterNetwork net, Options o, Parallelism par) {
        TrainingJob job = job(model, par, acc, net, o.settings());
        return par.cpuOffloadLayers() * TrainingStepModel.layerActivationBytes(job)
                <= acc.host().memoryBytes();
    }

    /** The degrees and per-layout choices of one enumerated layout, before recomputation and offloading. */
    private record Degrees(
            int tp, int pp, int dp, int cp, int ep, int vpp, int mbs, boolean accounted, DpSharding sh) {}

    /** The layout with the lightest allowed recomputation that fits in memory, or null (the result is unset). */
    private static Candidate lightestFitting(
            ModelSpec model, AcceleratorSpec acc, ClusterNetwork net, Degrees d, Options o, int offloadLayers) {
        for (Recompute rc : Recompute.values()) {
            if (!o.recompute().contains(rc)) {
                continue;
            }
            Parallelism par;
            TrainingJob job;
            try {
                par = o.settings()
                        .applyTo(Parallelism.builder())
                        .tp(d.tp())
                        .pp(d.pp())
                        .dp(d.dp())
                        .cp(d.cp())
                        .ep(d.ep())
                        .vpp(d.vpp())
                        .microBatch(d.mbs())
                        .globalBatch(o.globalBatch())
                        .sequenceParallel(o.settings().sequenceParallelAt(d.tp()))
                        .dpSharding(d.sh())
                        .recompute(rc)
                        .accountEmbedding(d.accounted())
                        .accountLoss(d.accounted())
                        .cpuOffloadLayers(offloadLayers)
                        .build();
                job = job(model, par, acc, net, o.settings());
            } catch (InputException e) {
                return null; // degrees the model rejects (divisibility) are not layouts
            }
            if (MemoryFit.of(job).fits()) {
                return new Candidate(par, null);
            }
        }
        return null;
    }

    /**
     * Lower bound of the step time: compute (and exposed per-layer communication) of the most loaded rank's layers
     * over all micro-batches, stretched by the uniform-stage bubble (p - 1) / (m v) that the schedule can only exceed.
     */
    private static double lowerBound(
            TrainingStepModel step,
            ModelSpec model,
            AcceleratorSpec acc,
            ClusterNetwork net,
            RunSettings settings,
            Candidate c) {
        Parallelism par = c.parallelism();
        TrainingJob job = job(model, par, acc, net, settings);
        long ports = (long) Math.ceil(job.gpus() * net.nicsPerGpu());
        TrainingStepModel.LayerCost layer = step.layerCost(job, ports);
        int most = 0;
        for (int r = 0; r < par.pp(); r++) {
            most = Math.max(most, par.rankLayers(model.layers(), r));
        }
        double busy = (double) par.microBatches() * most * (layer.fwd() + layer.bwd());
        double bubble = (par.pp() - 1.0) / ((double) par.microBatches() * par.vpp());
        return busy * (1 + bubble);
    }
}
