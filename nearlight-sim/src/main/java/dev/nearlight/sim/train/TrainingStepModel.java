package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Estimates one training step (analytical fidelity). Per micro-batch and virtual stage it prices the forward and
 * backward compute (GEMMs through a shape-dependent efficiency, attention, memory-bound kernels, recomputation), the
 * exposed TP, CP and EP collectives and, for ZeRO-3/FSDP, the per-layer gathers; {@link PipelineScheduler} executes the
 * 1F1B or interleaved schedule with the pipeline sends; the gradient reduction and optimizer step follow per rank.
 * One pipeline is simulated: all data-, tensor- and context-parallel replicas are symmetric and run the same
 * timeline, so their GPUs are accounted by multiplying by the replica count. Equations: {@code docs/training.md}.
 */
public final class TrainingStepModel {
    private static final double BF16_BYTES = 2.0;
    private static final double GIB = 1024.0 * 1024 * 1024;
    /** Bytes moved per FP8 GEMM input element: read bf16 (2), write fp8 and its transpose (1 + 1). */
    private static final double FP8_CAST_BYTES_IN = 4.0;
    /** Bytes moved per output-gradient element: read bf16 (2), write fp8 and its transpose (1 + 1). */
    private static final double FP8_CAST_BYTES_GRAD = 4.0;
    /**
     * Extra bytes per quantised element with current scaling: the bf16 tensor is read once more for its amax, which
     * must be known before the first element is cast (delayed scaling takes the scale from the amax history).
     */
    static final double FP8_CURRENT_SCALING_AMAX_BYTES = 2.0;
    /**
     * Bytes per logit of Transformer Engine's fused cross-entropy forward ({@code
     * transformer_engine/common/triton/cross_entropy.py}): {@code online_softmax_kernel} reads the bf16 logits (2),
     * {@code cross_entropy_kernel} reads them again (2) and writes the fp32 gradient into {@code grad_input} (4).
     */
    static final double TE_CROSS_ENTROPY_BYTES_FWD = 8.0;
    /**
     * Bytes per logit of its backward: {@code element_mul_kernel} scales the stored fp32 gradient by the per-token loss
     * gradient in place (read 4, write 4), and autograd casts it to the bf16 logits' dtype for the output layer's
     * GEMMs (read 4, write 2).
     */
    static final double TE_CROSS_ENTROPY_BYTES_BWD = 14.0;
    /**
     * Forward time of the 2022 Triton FlashAttention kernel relative to the FlashAttention-2 class kernel the model
     * prices: FlashAttention-2 is "around 1.3-1.5x faster than FlashAttention in Triton in the forward pass" (Dao 2023,
     * arXiv 2307.08691, section 4.1, A100); the middle of that range.
     */
    static final double TRITON_ATTENTION_FWD = 1.4;
    /** Backward likewise: "around 2x faster in the backward pass" (same source). */
    static final double TRITON_ATTENTION_BWD = 2.0;
    /**
     * Extra 2-byte words per MLP inner element, forward, of squared ReLU as eager PyTorch ops over the one fused
     * bias-activation kernel the calibration rows ran (which reads and writes each element once): {@code relu} and
     * {@code pow} each read and write it (4 words against 2).
     */
    static final double EAGER_SQUARED_RELU_EXTRA_WORDS_FWD = 2.0;
    /**
     * Backward likewise: autograd's {@code pow_backward} ({@code grad * (2 * x.pow(1))}: a copy, a scaling and a
     * product, 2 + 2 + 3 words) and {@code threshold_backward} for the ReLU (3 words), 10 words against the fused
     * kernel's 3 (read gradient and input, write gradient).
     */
    static final double EAGER_SQUARED_RELU_EXTRA_WORDS_BWD = 7.0;

    /**
     * Bytes per q and k element of rotary embedding as TorchTitan's eager {@code apply_rotary_emb}: {@code x.float()}
     * (read 2, write 4), the complex product (read 4, write 4) and {@code type_as} (read 4, write 2). The calibration
     * rows' memory-bound constant holds no RoPE (their GPT models have learned position embeddings).
     */
    static final double EAGER_ROPE_BYTES = 20.0;
    /**
     * Extra bytes per FFN inner element of {@code silu(w1 x) * w3 x} as two eager kernels (silu: read 2 write 2;
     * product: read 4 write 2) over a fused SwiGLU (read 4 write 2), forward.
     */
    static final double EAGER_SWIGLU_EXTRA_BYTES_FWD = 4.0;
    /**
     * Backward likewise: autograd's two product gradients (read 4, write 2 each) and silu's (read 4, write 2), 18
     * bytes, against the fused kernel's 10 (read the gradient and both inputs, write both input gradients).
     */
    static final double EAGER_SWIGLU_EXTRA_BYTES_BWD = 8.0;

    /**
     * Extra bytes per hidden element of one RMSNorm as TorchTitan's eager module over a fused kernel (read 2, write
     * 2), forward: {@code x.float()} (2 + 4), {@code pow(2)} (4 + 4), {@code mean} (4), the product with rsqrt (4 + 4),
     * {@code type_as} (4 + 2) and the weight (2 + 2): 36 bytes.
     */
    static final double EAGER_RMSNORM_EXTRA_BYTES_FWD = 32.0;
    /**
     * Backward likewise, autograd's kernels for that chain: weight product and its reduction (10), downcast (6),
     * product with rsqrt and its reduction (16), the broadcast mean gradient (4), pow's gradient (12), the sum of the two
     * input gradients (12) and the upcast's (6): 66 bytes against a fused backward's 8.
     */
    static final double EAGER_RMSNORM_EXTRA_BYTES_BWD = 58.0;

    private final CommunicationCostModel comm;
    private final PipelineScheduler scheduler = new PipelineScheduler();

    /** A step model whose collectives are priced by {@code comm}. */
    public TrainingStepModel(CommunicationCostModel comm) {
        this.comm = comm;
    }

    /** A step model with the analytical alpha-beta cost model over the job's network. */
    public static StepResult estimate(TrainingJob job) {
        return new TrainingStepModel(new AlphaBetaCostModel(job.network())).simulate(job);
    }

    /** Per-layer, per-micro-batch times of one rank, forward and backward (backward includes recomputation). */
    record LayerCost(
            double computeF, double computeB, double tpF, double tpB, double cpF, double cpB, double epF, double epB) {
        double fwd() {
            return computeF + tpF + cpF + epF;
        }

        double bwd() {
            return computeB + tpB + cpB + epB;
        }
    }

    /** Simulates one step of {@code job}; throws {@link InputException} if it does not fit in memory. */
    public StepResult simulate(TrainingJob job) {
        return simulate(job, true);
    }

    /**
     * Simulates one step of {@code job}; with {@code enforceMemory} false a configuration that does not fit is still
     * timed (validation reports the memory verdict next to the time instead of dropping the row).
     */
    public StepResult simulate(TrainingJob job, boolean enforceMemory) {
        ModelSpec m = job.model();
        Parallelism par = job.parallelism();
        AcceleratorSpec acc = job.accelerator();
        ClusterNetwork net = job.network();
        StepCalibration cal = job.calibration();
        int p = par.pp();
        int v = par.vpp();
        int mb = par.microBatches();
        int stages = p * v;
        long ports = (long) Math.ceil(job.gpus() * net.nicsPerGpu());

        MemoryBreakdown memory = memory(job);
        if (enforceMemory && memory.totalBytes() > acc.hbmBytes()) {
            double over = (memory.totalBytes() - acc.hbmBytes()) / GIB;
            throw InputException.of(
                    "memory",
                    String.format(
                            java.util.Locale.ROOT,
                            "needs %.1f GiB per GPU on pipeline stage %d but %s has %.1f GiB (over by %.1f GiB, %.0f%%)",
                            memory.totalGiB(),
                            memory.stage(),
                            acc.id(),
                            acc.hbmGiB(),
                            over,
                            100 * over / acc.hbmGiB()),
                    "use {recompute full}, raise {tp}, {pp} or {cp}, lower {mbs} or shard with {dpSharding}");
        }

        LayerCost layer = layerCost(job, ports);
        double offloadF = 0;
        double offloadB = 0;
        double offloadBytes = 0;
        if (par.cpuOffloadLayers() > 0) {
            // Megatron-Core (Transformer Engine's offload handler) copies an offloaded layer's activations to the host
            // on a side stream while the next layer computes, and prefetches them back during the backward of the
            // layer after it: what outlasts that layer is exposed.
            HostLink host = acc.host();
            if (!host.present()) {
                throw InputException.of(
                        "cpuOffloadLayers",
                        acc.id() + " has no host link in the catalogue to offload activations over",
                        "use {cpuOffloadLayers 0}");
            }
            double bytes = layerActivationBytes(job);
            double held = par.cpuOffloadLayers() * bytes;
            if (enforceMemory && held > host.memoryBytes()) {
                throw InputException.of(
                        "cpuOffloadLayers",
                        String.format(
                                java.util.Locale.ROOT,
                                "%d offloaded layers hold %.1f GiB of host memory per GPU but %s has %.1f GiB",
                                par.cpuOffloadLayers(),
                                held / GIB,
                                acc.id(),
                                host.memoryGiB()),
                        "offload fewer layers with {cpuOffloadLayers}");
            }
            offloadBytes = bytes;
            double copy = host.copyS(bytes);
            offloadF = par.cpuOffloadLayers() * Math.max(0, copy - layer.fwd());
            offloadB = par.cpuOffloadLayers() * Math.max(0, copy - layer.bwd());
        }
        double tokens = (double) par.microBatch() * m.seqLen() / par.cp();
        double hbm = acc.hbmBytesPerS() * cal.hbmEfficiency();
        // Output layer on the last virtual stage: logit GEMM forward + 2x backward, plus the fp32 cross-entropy passes.
        // It runs in BF16 whatever the layers' precision: Megatron-Core's output layer is a plain ColumnParallelLinear
        // outside Transformer Engine's FP8/FP4 autocast, which covers the transformer layers only.
        double logitGemm = gemmS(job, Precision.BF16, tokens, m.hiddenSize(), (double) m.vocabSize() / par.tp());
        double rankLogits = tokens * m.vocabSize() / par.tp();
        double lossF = par.teCrossEntropy()
                ? TE_CROSS_ENTROPY_BYTES_FWD * rankLogits / hbm
                : cal.crossEntropyPasses() * rankLogits * 4 / hbm / 2;
        double lossB = par.teCrossEntropy()
                ? TE_CROSS_ENTROPY_BYTES_BWD * rankLogits / hbm
                : cal.crossEntropyPasses() * rankLogits * 4 / hbm / 2;
        double logitsF = logitGemm + lossF;
        // its backward GEMMs write their own outputs as the layers' do: the t x h input gradient and the h x V/tp
        // weight gradient (accumulated unless the hook adds it), not two more t x V/tp logit tensors
        double logitsB = 2 * logitGemm
                + backwardEpilogueBytes(tokens, m.hiddenSize(), (double) m.vocabSize() / par.tp(), wgradOutBytes(par))
                        / hbm
                + lossB;
        double embed = tokens * m.hiddenSize() * BF16_BYTES * 4 / hbm;

        // ZeRO-3 / FSDP: parameters gathered per layer for forward and backward, gradients reduce-scattered.
        CommGroup dpGroup = dpGroup(job, ports);
        DpGroups dp = new DpGroups(comm, dpGroup, expertDpGroup(job, ports));
        // Overlapped, a data-parallel collective still holds its SMs while compute runs beside it (CollectiveSms).
        double dpLoss = acc.collectiveSms().computeLoss(dpGroup);
        double fsdpF = 0;
        double fsdpB = 0;
        if (par.dpSharding().shardsParameters()) {
            double layerParams = rankLayerParams(m, par);
            double layerExperts = expertLayerParams(m, par);
            double ag = dp.allGatherS(layerParams, layerExperts, BF16_BYTES);
            // Gradients are reduce-scattered in the gradient dtype (FSDP's reduce_dtype: fp32 unless reduced in bf16).
            double rs = dp.reduceScatterS(layerParams, layerExperts, par.gradientBytes());
            fsdpF = par.overlapParamGather() ? CollectiveSms.exposedS(ag, layer.fwd(), dpLoss) : ag;
            fsdpB = par.overlapGradReduce() ? CollectiveSms.exposedS(ag + rs, layer.bwd(), dpLoss) : ag + rs;
            if (offloadBytes > 0 && acc.host().sharedWithNics() && !dpGroup.insideDomain()) {
                double[] extra = sharedHostLinkS(
                        acc.host(),
                        offloadBytes,
                        layerParams * BF16_BYTES,
                        par.gradientBytes() / BF16_BYTES,
                        dpGroup,
                        layer,
                        fsdpF,
                        fsdpB);
                offloadF += par.cpuOffloadLayers() * extra[0];
                offloadB += par.cpuOffloadLayers() * extra[1];
            }
        }

        double[] fwd = new double[stages];
        double[] bwd = new double[stages];
        for (int vs = 0; vs < stages; vs++) {
            int layersHere = par.stageLayers(m.layers(), vs);
            fwd[vs] = layersHere * (layer.fwd() + fsdpF);
            bwd[vs] = layersHere * (layer.bwd() + fsdpB);
            if (vs == 0) {
                fwd[vs] += embed + offloadF;
                bwd[vs] += embed + offloadB;
            }
            if (vs == stages - 1) {
                fwd[vs] += logitsF;
                bwd[vs] += logitsB;
            }
        }
        double p2pBytes = tokens * m.hiddenSize() * BF16_BYTES / par.tp();
        // Adjacent stages are tp x cp x dp ranks apart (pp is the outermost Megatron rank dimension).
        long stride = (long) par.tp() * par.cp() * par.dp();
        boolean crosses = stride >= net.scaleUpDomainGpus() || stride * p > net.scaleUpDomainGpus();
        double p2p = p > 1 ? comm.p2pS(p2pBytes, crosses, ports) : 0;
        if (p > 1 && par.tp() > 1) {
            // Megatron's scatter-gather send: each TP rank sends 1/tp, then all-gathers inside the domain.
            p2p += comm.allGatherS(p2pBytes * par.tp(), CommGroup.placed(par.tp(), 1, net.scaleUpDomainGpus(), ports));
        }
        PipelineScheduler.Result withComm = scheduler.run(p, v, mb, fwd, bwd, p2p);
        PipelineScheduler.Result noComm = p > 1 ? scheduler.run(p, v, mb, fwd, bwd, 0) : withComm;

        // Gradient reduction, parameter gather and optimizer per rank; the step ends when the slowest rank is done.
        int critical = 0;
        double best = -1;
        double[] dpExposed = new double[p];
        double[] opt = new double[p];
        double fill = 0;
        for (int r = 0; r < p; r++) {
            double params = rankParams(m, par, r);
            double bwdWindow = 0;
            double fwdWindow = 0;
            for (int c = 0; c < v; c++) {
                bwdWindow += bwd[c * p + r];
                fwdWindow += fwd[c * p + r];
            }
            // Rank r's first forward starts once the first micro-batch has passed the ranks before it: a gather
            // dispatched at the end of the previous step has that long before rank r needs its parameters.
            if (r > 0) {
                fill += fwd[r - 1];
            }
            double experts = rankExpertParams(m, par, r);
            dpExposed[r] = v > 1
                    ? interleavedDataParallelExposedS(m, par, r, withComm, dp, dpLoss)
                    : dataParallelExposedS(
                            par,
                            params,
                            experts,
                            unbucketedTailParams(m, par, r),
                            unbucketedTailExpertParams(m, par, r),
                            dp,
                            bwdWindow,
                            fwdWindow,
                            fill,
                            dpLoss);
            double sharded = par.dpSharding() == DpSharding.NONE ? params : shardedParams(params, experts, par);
            opt[r] = sharded * 30 / hbm;
            double end = withComm.finishS()[r] + dpExposed[r] + opt[r];
            if (end > best) {
                best = end;
                critical = r;
            }
        }
        double step = best;
        int layersOnRank = 0;
        for (int c = 0; c < v; c++) {
            layersOnRank += par.stageLayers(m.layers(), c * p + critical);
        }
        double compute = mb * layersOnRank * (layer.computeF() + layer.computeB());
        if (critical == 0) {
            compute += 2 * mb * embed;
        }
        if (critical == p - 1) {
            compute += mb * (logitsF + logitsB);
        }
        double tpS = mb * layersOnRank * (layer.tpF() + layer.tpB());
        double cpS = mb * layersOnRank * (layer.cpF() + layer.cpB());
        double epS = mb * layersOnRank * (layer.epF() + layer.epB());
        double fsdpS = mb * layersOnRank * (fsdpF + fsdpB);
        double busy = noComm.busyS()[critical];
        double bubble = Math.max(0, noComm.finishS()[critical] - busy);
        double ppS = withComm.finishS()[critical] - noComm.finishS()[critical];
        double dpS = dpExposed[critical] + fsdpS;

        long gpus = job.gpus();
        double peak = acc.peakFlops(m.precision());
        double modelFlops = m.modelFlopsPerIteration(par.globalBatch());
        double megatronFlops = m.megatronFlopsPerIteration(par.globalBatch(), par.recompute());
        double mfu = modelFlops / (step * gpus * peak);
        double tflops = megatronFlops / (step * gpus) / 1e12;
        double hfu = megatronFlops / (step * gpus * peak);
        double tokensPerStep = (double) par.globalBatch() * m.seqLen();
        double tokensPerS = tokensPerStep / step;
        double steps = job.tokenBudget() / tokensPerStep;
        double days = steps * step / 86400.0;
        double offloadS = critical == 0 ? mb * (offloadF + offloadB) : 0;
        double starvation = (tpS + cpS + epS + ppS + dpS + offloadS) / step;

        Map<String, Double> power = power(job, compute / step, ports);
        double facilityW =
                power.values().stream().mapToDouble(Double::doubleValue).sum()
                        * job.energy().pue();
        double energyStep = facilityW * step;
        double energyMWh = energyStep * steps / 3.6e9;
        return new StepResult(
                step,
                compute,
                tpS,
                cpS,
                epS,
                ppS,
                dpS,
                bubble,
                opt[critical],
                mfu,
                hfu,
                tflops,
                tokensPerS,
                days,
                energyStep,
                energyMWh,
                power,
                starvation,
                bubble / step,
                memory,
                offloadS);
    }

    /** Average power by component in W (before PUE). */
    private static Map<String, Double> power(TrainingJob job, double busyFraction, long ports) {
        EnergyInputs e = job.energy();
        ClusterNetwork net = job.network();
        double tdp = job.accelerator().tdpW();
        long gpus = job.gpus();
        double gpuW =
                gpus * tdp * (busyFraction * e.gpuBusyPowerFraction() + (1 - busyFraction) * e.gpuIdlePowerFraction());
        int tiers = net.tiersFor(ports);
        double bitsPerS = net.nicRateGbps() * 1e9;
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("gpus", gpuW);
        w.put("switches", (double) net.switchesFor(ports) * e.switchPowerW());
        w.put("optics", 2.0 * ports * tiers * bitsPerS * e.opticsEnergyPjPerBit() * 1e-12);
        w.put("hostSerdes", ports * bitsPerS * e.hostSerdesEnergyPjPerBit() * 1e-12);
        w.put("scaleUp", gpus * e.scaleUpPowerWPerGpu());
        if (job.fabricPowerW() != null) {
            // the built fabric's roll-up replaces the per-port estimates (switches, optics, host SerDes, scale-up)
            w.putAll(job.fabricPowerW());
        }
        return w;
    }

    /**
     * Exposed data-parallel time of one rank. Overlapped, the {@code params - tail} whose buckets are ready while the
     * backward still runs cost what outlasts the backward window (gradient reduction) or forward window (parameter
     * gather), and at least the compute they slow by holding {@code loss} of the SMs; the {@code tail} (see {@link
     * #unbucketedTailParams}) is reduced after the last backward and gathered before the first forward, so it is
     * exposed, the gather only beyond {@code fill}, the time before this rank's first forward.
     */
    private double dataParallelExposedS(
            Parallelism par,
            double params,
            double experts,
            double tail,
            double tailExperts,
            DpGroups g,
            double bwdWindow,
            double fwdWindow,
            double fill,
            double loss) {
        if (g.dense().size() <= 1) {
            return 0;
        }
        double early = params - tail;
        double earlyExperts = experts - tailExperts;
        double gb = par.gradientBytes();
        switch (par.dpSharding()) {
            case NONE: {
                // Megatron DDP all-reduces its gradient buffer (fp32 main gradients unless reduced in bf16).
                if (!par.overlapGradReduce()) {
                    return g.allReduceS(params, experts, gb);
                }
                return CollectiveSms.exposedS(g.allReduceS(early, earlyExperts, gb), bwdWindow, loss)
                        + g.allReduceS(tail, tailExperts, gb);
            }
            case ZERO1:
            case ZERO2: {
                // Distributed optimizer: gradient reduce-scatter in the gradient dtype, bf16 parameter all-gather.
                double rs = par.overlapGradReduce()
                        ? CollectiveSms.exposedS(g.reduceScatterS(early, earlyExperts, gb), bwdWindow, loss)
                                + g.reduceScatterS(tail, tailExperts, gb)
                        : g.reduceScatterS(params, experts, gb);
                double ag = par.overlapParamGather()
                        ? CollectiveSms.exposedS(g.allGatherS(early, earlyExperts, BF16_BYTES), fwdWindow, loss)
                                + Math.max(0, g.allGatherS(tail, tailExperts, BF16_BYTES) - fill)
                        : g.allGatherS(params, experts, BF16_BYTES);
                return rs + ag;
            }
            default:
                return 0; // ZeRO-3 / FSDP traffic is priced per layer
        }
    }

    /**
     * Exposed data-parallel time of rank {@code r} under the interleaved schedule, timed on the executed schedule
     * rather than on a window. Megatron-Core keeps one bucket per model chunk (except the first chunk of the first
     * rank) and reduces a chunk's gradients when its last micro-batch's backward ends (overlap_grad_reduce); in the
     * last round of the interleaved order chunk c finishes p x c backward passes before the rank's end, so the
     * reductions of later chunks run behind the backward passes of earlier ones, one after another on the data-parallel
     * communicator. The first chunk's are launched after the rank's last backward (all of it, or on rank 0 its buckets
     * as that backward frees them) and stay exposed. With the distributed optimizer the parameters are gathered as
     * Megatron-Core aligns them across pipeline ranks (align_param_gather, set by NeMo and by Megatron-LM for
     * interleaving): chunks 0 and 1 at the step's start, chunk c when the forward of virtual micro-batch (c - 1) p - r
     * starts; a chunk whose gather is not done when its first forward is due stalls the rank, and every later forward
     * with it. Either collective also costs the overlapped compute {@code loss} of the SMs while it runs ({@link
     * CollectiveSms}).
     */
    private double interleavedDataParallelExposedS(
            ModelSpec m, Parallelism par, int r, PipelineScheduler.Result sched, DpGroups g, double loss) {
        if (g.dense().size() <= 1 || par.dpSharding().shardsParameters()) {
            return 0; // ZeRO-3 / FSDP traffic is priced per layer
        }
        int p = par.pp();
        int v = par.vpp();
        double gb = par.gradientBytes();
        boolean allReduce = par.dpSharding() == DpSharding.NONE;
        double[] chunkParams = new double[v];
        double[] chunkExperts = new double[v];
        for (int c = 0; c < v; c++) {
            chunkParams[c] = chunkParams(m, par, r, c);
            chunkExperts[c] = chunkExpertParams(m, par, r, c);
        }
        // Gradients: chunks v-1 .. 1 as their last backward ends, then chunk 0.
        double end = sched.lastBackwardEndS()[r * v];
        double gradS;
        if (!par.overlapGradReduce()) {
            double all = sum(chunkParams);
            double allExperts = sum(chunkExperts);
            gradS = allReduce ? g.allReduceS(all, allExperts, gb) : g.reduceScatterS(all, allExperts, gb);
        } else {
            double tail = r == 0 ? unbucketedTailParams(m, par, 0) : chunkParams[0];
            double tailExperts = unbucketedTailExpertParams(m, par, r);
            double[] ready = new double[v];
            double[] duration = new double[v];
            for (int c = v - 1; c >= 0; c--) {
                double params = c == 0 ? chunkParams[0] - tail : chunkParams[c];
                double experts = c == 0 ? chunkExperts[0] - tailExperts : chunkExperts[c];
                int i = v - 1 - c;
                duration[i] = params <= 0
                        ? 0
                        : allReduce ? g.allReduceS(params, experts, gb) : g.reduceScatterS(params, experts, gb);
                // chunk 0's buckets (rank 0) become ready while its last backward runs: from that backward's start
                ready[i] = c == 0 ? sched.lastBackwardStartS()[r * v] : sched.lastBackwardEndS()[r * v + c];
            }
            double tailS = tail <= 0
                    ? 0
                    : allReduce ? g.allReduceS(tail, tailExperts, gb) : g.reduceScatterS(tail, tailExperts, gb);
            gradS = Math.max(serialQueueEndS(ready, duration) - end, loss * sum(duration)) + tailS;
        }
        if (allReduce) {
            return gradS;
        }
        double gatherS;
        if (!par.overlapParamGather()) {
            gatherS = g.allGatherS(sum(chunkParams), sum(chunkExperts), BF16_BYTES);
        } else {
            double[] launch = new double[v];
            double[] due = new double[v];
            double[] duration = new double[v];
            for (int c = 0; c < v; c++) {
                duration[c] = g.allGatherS(chunkParams[c], chunkExperts[c], BF16_BYTES);
                launch[c] = c < 2 ? 0 : sched.paramGatherLaunchS()[r * v + c];
                due[c] = sched.firstForwardStartS()[r * v + c];
            }
            gatherS = Math.max(gatherStallS(launch, due, duration), loss * sum(duration));
        }
        return gradS + gatherS;
    }

    /**
     * When a serial stream (one communicator) finishes jobs that become ready at {@code readyS} (non-decreasing) and
     * take {@code durationS}, run in that order (empty jobs skipped): each starts when it is ready and the one before
     * it is done.
     */
    static double serialQueueEndS(double[] readyS, double[] durationS) {
        double free = 0;
        for (int i = 0; i < readyS.length; i++) {
            if (durationS[i] > 0) {
                free = Math.max(free, readyS[i]) + durationS[i];
            }
        }
        return free;
    }

    /**
     * Time a rank loses waiting for parameter gathers run one after another on one communicator: gather i is launched
     * at {@code launchS[i]} and must be done by {@code dueS[i]}, both on the rank's own clock, which every wait pushes
     * back (a stalled forward delays all later launches and deadlines alike).
     */
    static double gatherStallS(double[] launchS, double[] dueS, double[] durationS) {
        double stall = 0;
        double free = 0;
        for (int i = 0; i < launchS.length; i++) {
            free = Math.max(free, launchS[i] + stall) + durationS[i];
            stall += Math.max(0, free - (dueS[i] + stall));
        }
        return stall;
    }

    private static double sum(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s;
    }

    /** Parameters of model chunk {@code c} on pipeline rank {@code r}: its layers, plus embedding and output layer. */
    static double chunkParams(ModelSpec m, Parallelism par, int r, int c) {
        int stages = par.pp() * par.vpp();
        int vs = c * par.pp() + r;
        double params = rankLayerParams(m, par) * par.stageLayers(m.layers(), vs);
        double vocab = (double) m.vocabSize() * m.hiddenSize() / par.tp();
        if (vs == 0) {
            params += vocab;
        }
        if (vs == stages - 1 && (par.pp() > 1 || !m.tiedEmbeddings())) {
            params += vocab;
        }
        return params;
    }

    /**
     * Parameters of pipeline rank {@code r} whose data-parallel collective cannot overlap compute, as Megatron-Core's
     * DDP lays out its buffers (megatron/core/distributed/param_and_grad_buffer.py, distributed_data_parallel.py):
     * only the first model chunk of the first pipeline rank is split into buckets, of max(40M, 1M x dp) parameters
     * filled from the last parameter to the first; every other chunk is one bucket, reduced when its last backward is
     * done. The first chunk's is therefore launched after the rank's last backward: on rank 0 its last bucket, which
     * holds the embedding, and on every other rank the whole chunk. (Later chunks finish their backward earlier and are
     * reduced behind the rest of it, as {@link #interleavedDataParallelExposedS} times on the schedule.)
     */
    static double unbucketedTailParams(ModelSpec m, Parallelism par, int r) {
        int p = par.pp();
        int v = par.vpp();
        int tp = par.tp();
        double vocab = (double) m.vocabSize() * m.hiddenSize() / tp;
        boolean alsoLast = r == p - 1 && v == 1 && (p > 1 || !m.tiedEmbeddings());
        int layers = par.stageLayers(m.layers(), r);
        if (r > 0) {
            return rankLayerParams(m, par) * layers + (alsoLast ? vocab : 0);
        }
        double bucket = Math.max(40e6, 1e6 * par.dp() * par.cp());
        double qkv = (double) m.hiddenSize() * m.qkvWidth() / tp;
        double proj = (double) m.hiddenSize() * m.hiddenSize() / tp;
        double mlp = m.mlpParamsPerLayer() / (m.isMoe() ? (double) tp * par.ep() : tp) / m.mlpMatrices();
        // Backward order: output layer (when chunk 0 is also the last), layers from the last, the embedding last.
        double open = 0;
        double closed = 0;
        int tensors = 2 + layers * (2 + m.mlpMatrices());
        for (int i = 0; i < tensors; i++) {
            double t;
            if (i == 0) {
                t = alsoLast ? vocab : 0;
            } else if (i == tensors - 1) {
                t = vocab;
            } else {
                int k = (i - 1) % (2 + m.mlpMatrices());
                t = k < m.mlpMatrices() ? mlp : k == m.mlpMatrices() ? proj : qkv;
            }
            open += t;
            if (open >= bucket) {
                closed = open;
                open = 0;
            }
        }
        return open > 0 ? open : closed;
    }

    /**
     * Expert parameters of one transformer layer on a rank: every expert's MLP matrices over tp x ep (the router stays
     * with the dense parameters). 0 for a dense model.
     */
    static double expertLayerParams(ModelSpec m, Parallelism par) {
        if (!m.isMoe()) {
            return 0;
        }
        return (double) m.experts()
                * m.mlpMatrices()
                * m.hiddenSize()
                * m.expertFfnHiddenSize()
                / ((double) par.tp() * par.ep());
    }

    /** Expert parameters of model chunk {@code c} on pipeline rank {@code r} (virtual stage {@code c p + r}). */
    static double chunkExpertParams(ModelSpec m, Parallelism par, int r, int c) {
        return expertLayerParams(m, par) * par.stageLayers(m.layers(), c * par.pp() + r);
    }

    /**
     * The expert parameters among {@link #unbucketedTailParams}: none on rank 0 (its tail is the bucket holding the
     * embedding), on every other rank those of its whole first chunk.
     */
    static double unbucketedTailExpertParams(ModelSpec m, Parallelism par, int r) {
        return r == 0 ? 0 : chunkExpertParams(m, par, r, 0);
    }

    /** Expert parameters held by pipeline rank {@code r} (its layers' share; the embedding and output are dense). */
    static double rankExpertParams(ModelSpec m, Parallelism par, int r) {
        double layers = par.unevenStages() ? par.rankLayers(m.layers(), r) : (double) m.layers() / par.pp();
        return expertLayerParams(m, par) * layers;
    }

    /**
     * A rank's {@code params} (of which {@code experts} are expert parameters) as one data-parallel rank's shard:
     * dense parameters over dp x cp ranks, expert parameters over the dp x cp / ep ranks that hold the same experts
     * (Megatron-Core shards the distributed optimizer's expert state over the expert data-parallel group).
     */
    static double shardedParams(double params, double experts, Parallelism par) {
        double dense = params - experts;
        return dense / ((double) par.dp() * par.cp()) + experts * par.ep() / ((double) par.dp() * par.cp());
    }

    /**
     * The ranks that hold the same experts and reduce their gradients: dp x cp / ep of them. Expert-parallel groups are
     * ep consecutive data ranks (tp x cp apart, as the all-to-all's group), so these are the cp ranks tp apart times
     * the dp / ep blocks tp x cp x ep apart; with ep = 8 inside an 8-GPU node, one rank per node, all over the NICs.
     * The dense group itself for a dense model or ep 1.
     */
    static CommGroup expertDpGroup(TrainingJob job, long ports) {
        Parallelism par = job.parallelism();
        if (!job.model().isMoe() || par.ep() == 1) {
            return dpGroup(job, ports);
        }
        int tp = par.tp();
        int cp = par.cp();
        int ep = par.ep();
        int size = par.dp() * cp / ep;
        int domain = job.network().scaleUpDomainGpus();
        if (par.dp() % ep != 0) {
            return CommGroup.placed(size, tp * ep, domain, ports);
        }
        int perDomain = 0;
        for (int k = 0; k < par.dp() / ep; k++) {
            for (int c = 0; c < cp; c++) {
                if ((long) tp * c + (long) tp * cp * ep * k < domain) {
                    perDomain++;
                }
            }
        }
        perDomain = Math.max(1, Math.min(size, perDomain));
        while (size % perDomain != 0) {
            perDomain--;
        }
        return new CommGroup(size, perDomain, 1.0, ports);
    }

    /**
     * The data-parallel groups of a layout: dense parameters over {@code dense}, expert parameters over {@code
     * experts} (Megatron-Core keeps the two in separate buffers reduced on separate communicators). Each collective
     * takes a parameter count, the expert parameters among them and the bytes per parameter; the two parts run one
     * after the other over the same NICs.
     */
    record DpGroups(CommunicationCostModel comm, CommGroup dense, CommGroup experts) {
        double allReduceS(double params, double expert, double bytesPerParam) {
            return part(comm::allReduceS, params, expert, bytesPerParam);
        }

        double reduceScatterS(double params, double expert, double bytesPerParam) {
            return part(comm::reduceScatterS, params, expert, bytesPerParam);
        }

        double allGatherS(double params, double expert, double bytesPerParam) {
            return part(comm::allGatherS, params, expert, bytesPerParam);
        }

        private double part(
                java.util.function.ToDoubleBiFunction<Double, CommGroup> c,
                double params,
                double expert,
                double bytesPerParam) {
            double t = 0;
            if (params - expert > 0 && dense.size() > 1) {
                t += c.applyAsDouble((params - expert) * bytesPerParam, dense);
            }
            if (expert > 0 && experts.size() > 1) {
                t += c.applyAsDouble(expert * bytesPerParam, experts);
            }
            return t;
        }
    }

    /** Data-parallel group: dp x cp ranks, consecutive members tp ranks apart. */
    static CommGroup dpGroup(TrainingJob job, long ports) {
        Parallelism par = job.parallelism();
        return CommGroup.placed(par.dp() * par.cp(), par.tp(), job.network().scaleUpDomainGpus(), ports);
    }

    /** Per-layer, per-micro-batch costs of one rank. */
    LayerCost layerCost(TrainingJob job, long ports) {
        ModelSpec m = job.model();
        Parallelism par = job.parallelism();
        AcceleratorSpec acc = job.accelerator();
        StepCalibration cal = job.calibration();
        ClusterNetwork net = job.network();
        int tp = par.tp();
        double t = (double) par.microBatch() * m.seqLen() / par.cp();
        double h = m.hiddenSize();
        double hbm = acc.hbmBytesPerS() * cal.hbmEfficiency();

        double qkvGemm = gemmS(job, t, h, m.qkvWidth() / (double) tp);
        double gemm = qkvGemm + gemmS(job, t, h / tp, h);
        // The column-parallel GEMM of the MLP (fc1); its backward pair hides TP collectives (asynchronous overlap).
        double fc1Gemm = 0;
        // Backward epilogues differ from the forward's t x N output: the input gradient is t x K, the weight gradient
        // K x N, accumulated into the main-gradient buffer (read and write in its dtype) when fused, else written once
        // in bf16 (the hook's add is wgradAccum below). Summed as the difference to the forward epilogue.
        double wgradOut = wgradOutBytes(par);
        double bwdEpilogue = backwardEpilogueBytes(t, h, m.qkvWidth() / (double) tp, wgradOut)
                + backwardEpilogueBytes(t, h / tp, h, wgradOut);
        double downProj;
        if (m.isMoe()) {
            double localExperts = (double) m.experts() / par.ep();
            double tokensPerExpert = t * m.topK() * par.ep() / m.experts();
            double e = m.expertFfnHiddenSize() / (double) tp;
            downProj = localExperts * gemmS(job, tokensPerExpert, e, h);
            gemm += localExperts * gemmS(job, tokensPerExpert, h, (m.mlpMatrices() - 1) * e) + downProj;
            gemm += gemmS(job, t, h, m.experts());
            bwdEpilogue += localExperts
                    * (backwardEpilogueBytes(tokensPerExpert, h, (m.mlpMatrices() - 1) * e, wgradOut)
                            + backwardEpilogueBytes(tokensPerExpert, e, h, wgradOut));
            bwdEpilogue += backwardEpilogueBytes(t, h, m.experts(), wgradOut);
        } else {
            double f = m.ffnHiddenSize() / (double) tp;
            downProj = gemmS(job, t, f, h);
            fc1Gemm = gemmS(job, t, h, (m.mlpMatrices() - 1) * f);
            gemm += fc1Gemm + downProj;
            bwdEpilogue += backwardEpilogueBytes(t, h, (m.mlpMatrices() - 1) * f, wgradOut)
                    + backwardEpilogueBytes(t, f, h, wgradOut);
        }
        double bwdEpilogueS = bwdEpilogue / hbm;
        // Attention core in BF16: queries of this rank against the whole sequence; fused kernels skip the masked half.
        double attnFlops = 4.0 * t * m.seqLen() * h / tp * (par.flashAttention() ? 0.5 : 1.0);
        double attnRate = acc.peakBf16Flops() * acc.gemmEfficiency() * cal.attentionEfficiency();
        if (par.flashAttention() && par.tritonAttention() && acc.fa2PeakFraction() > 0) {
            // The Triton kernel is priced by its published ratios to FlashAttention-2, an mma.sync kernel that
            // cannot use Hopper's warpgroup MMA: on such GPUs it runs at FlashAttention-2's own fraction of the peak
            // (35% on H100, FlashAttention-3 paper), not at the fused-attention rate the model fits on cuDNN runs.
            attnRate = Math.min(attnRate, acc.peakBf16Flops() * acc.fa2PeakFraction());
        }
        double attnF = attnFlops / attnRate;
        double attnB = attnF * (par.flashAttention() ? cal.flashBackwardFactor() : 2.0);
        if (par.flashAttention() && acc.expPerS() > 0) {
            // Fused attention takes one exponential per (causal) score forward and one backward (P recomputed) on the
            // special-function units, whose rate grew far less than the tensor cores' (FlashAttention-3, Shah et al.
            // 2024): 1/4 of the MMA time per score at head dim 128 on A100, 1/2 on H100, about equal on B200.
            double exps = t * m.seqLen() * m.heads() / tp * 0.5;
            double expF = exps / acc.expPerS();
            if (acc.attentionExpOverlap() && !par.tritonAttention()) {
                // Hopper's fused attention (FlashAttention-3's warpgroup ping-pong and intra-warpgroup pipelining, as
                // cuDNN's Hopper kernels run it) computes one block's softmax while the tensor cores multiply another:
                // the slower of the two sets the time. Ampere-style kernels (FlashAttention-2, Triton) run them in
                // turn.
                attnF = Math.max(attnF, expF);
                attnB = Math.max(attnB, expF);
            } else {
                attnF += expF;
                attnB += expF;
            }
        }
        if (par.flashAttention() && par.tritonAttention()) {
            // The 2022 FlashAttention kernel in Triton (llm-foundry's attn_impl: triton) is slower than the
            // FlashAttention-2 / cuDNN class kernel priced above, by the published kernel-to-kernel ratios.
            attnF *= TRITON_ATTENTION_FWD;
            attnB *= TRITON_ATTENTION_BWD;
        }
        double elem = cal.elementwiseWordsPerHidden() * t * h * BF16_BYTES / hbm / (par.sequenceParallel() ? tp : 1);
        double softmax = par.flashAttention()
                ? 0
                : cal.softmaxPasses() * ((double) m.heads() / tp) * t * m.seqLen() * BF16_BYTES / hbm;

        // FP8 (Transformer Engine): every GEMM input is quantised and also written transposed for the weight-gradient
        // GEMM (Hopper FP8 GEMMs take only TN layouts); every output gradient likewise in the backward pass.
        double castF = 0;
        double castB = 0;
        if (m.precision().isFp8Class()) {
            double ffn = m.isMoe() ? m.expertFfnHiddenSize() * (double) m.topK() : m.ffnHiddenSize();
            double inputs = t * (h + h / tp + h + ffn / tp);
            double outGrads = t * (m.qkvWidth() / (double) tp + h + (m.mlpMatrices() - 1) * ffn / tp + h);
            double amax = par.fp8CurrentScaling() ? FP8_CURRENT_SCALING_AMAX_BYTES : 0;
            castF = inputs * (FP8_CAST_BYTES_IN + amax) / hbm;
            castB = outGrads * (FP8_CAST_BYTES_GRAD + amax) / hbm;
        }
        double actF = 0;
        double actB = 0;
        if (par.eagerSquaredRelu() && !m.isMoe()) {
            // NeMo's Nemotron MLP: torch.pow(relu(x), 2) unfused, over the rank's share of the inner width.
            double inner = t * m.ffnHiddenSize() / tp * BF16_BYTES / hbm;
            actF = EAGER_SQUARED_RELU_EXTRA_WORDS_FWD * inner;
            actB = EAGER_SQUARED_RELU_EXTRA_WORDS_BWD * inner;
        }
        double eagerF = 0;
        double eagerB = 0;
        if (par.eagerTorchOps()) {
            // Bytes per token over the fused kernels, on this rank's share of the widths (TP splits heads and FFN).
            double q = (double) m.heads() * m.headDim() / tp;
            double kv = (double) m.kvHeads() * m.headDim() / tp;
            // RoPE via FP32 complex numbers on q and k: upcast (2 + 4), complex product (4 + 4), downcast (4 + 2).
            double rope = EAGER_ROPE_BYTES * (q + kv);
            // Attention output transposed into a contiguous copy (2 + 2), forward and its gradient backward.
            double transpose = 4 * q;
            // repeat_kv materialises K and V for every query head (write 2 x 2q, read 2 x 2kv); backward sums back.
            double repeat = m.kvHeads() < m.heads() ? 4 * q + 4 * kv : 0;
            double ffn = m.gatedMlp() && !m.isMoe() ? m.ffnHiddenSize() / (double) tp : 0;
            eagerF = t * (rope + transpose + repeat + EAGER_SWIGLU_EXTRA_BYTES_FWD * ffn) / hbm;
            eagerB = t * (rope + transpose + repeat + EAGER_SWIGLU_EXTRA_BYTES_BWD * ffn) / hbm;
        }
        if (par.eagerRmsNorm()) {
            // Two norms per layer over the hidden width (the full width, or h / tp with sequence parallelism).
            double width = 2 * h / (par.sequenceParallel() ? tp : 1);
            eagerF += t * width * EAGER_RMSNORM_EXTRA_BYTES_FWD / hbm;
            eagerB += t * width * EAGER_RMSNORM_EXTRA_BYTES_BWD / hbm;
        }
        // Without gradient-accumulation fusion a hook adds each weight gradient into the main-gradient buffer: read
        // the bf16 gradient, read and write the main gradient (fp32 unless reduced in bf16), per micro-batch.
        double wgradAccum = par.unfusedWgradAccumulation()
                ? rankLayerParams(m, par) * (BF16_BYTES + 2 * par.gradientBytes()) / hbm
                : 0;
        double computeF = gemm + attnF + elem + softmax + castF + actF + eagerF + cal.layerOverheadS();
        double computeB = 2 * gemm
                + bwdEpilogueS
                + attnB
                + 2 * (elem + softmax + cal.layerOverheadS())
                + castB
                + actB
                + eagerB
                + wgradAccum;

        // Tensor parallel: two all-reduces (or reduce-scatter + all-gather pairs) per layer and direction.
        double tpF = 0;
        double tpB = 0;
        if (tp > 1) {
            CommGroup g = CommGroup.placed(tp, 1, net.scaleUpDomainGpus(), ports);
            double both = 2 * comm.allReduceS(t * h * BF16_BYTES, g);
            tpF = both;
            tpB = both;
            if (par.tpCommOverlap() && par.sequenceParallel() && acc.tpCommOverlap() && g.insideDomain()) {
                // Overlap (Transformer Engine userbuffers) hides a collective only behind the GEMM it is split with:
                // a fraction stays exposed, and all of what outlasts the GEMMs. Userbuffers exchange through CUDA
                // multicast/IPC over NVLink, so a TP group that spans scale-up domains runs its collectives
                // unoverlapped (TransformerEngine#1071), as does a GPU without multicast (Ampere) and TP without
                // sequence parallelism (only all-gather/reduce-scatter are overlapped: Megatron asserts
                // --tp-comm-overlap needs --sequence-parallel, TransformerEngine#746).
                tpF = Math.max(cal.tpOverlapExposed() * both, both - gemm);
                tpB = Math.max(cal.tpOverlapExposed() * both, both - 2 * gemm);
            } else if (par.tpCommOverlap()) {
                tpB = asyncBackwardTpS(
                        both / 2,
                        qkvGemm,
                        fc1Gemm,
                        par.sequenceParallel(),
                        acc.collectiveSms().computeLoss(g));
            }
        }
        // Context parallel: ring exchange of K and V (cp - 1 steps) hidden behind the attention core.
        double cpF = 0;
        double cpB = 0;
        if (par.cp() > 1) {
            double kvBytes = 2 * t * m.kvHeads() * m.headDim() / Math.max(1.0, Math.min(tp, m.kvHeads())) * BF16_BYTES;
            boolean cross = (long) tp * par.cp() > net.scaleUpDomainGpus();
            double step = comm.p2pS(kvBytes, cross, ports);
            cpF = Math.max(0, (par.cp() - 1) * step - attnF);
            cpB = Math.max(0, 2 * (par.cp() - 1) * step - attnB);
        }
        // Expert parallel: dispatch and combine all-to-all per direction.
        double epF = 0;
        if (m.isMoe() && par.ep() > 1) {
            CommGroup g = CommGroup.placed(par.ep(), tp * par.cp(), net.scaleUpDomainGpus(), ports);
            epF = 2 * comm.allToAllS(t * m.topK() * h * BF16_BYTES, g);
        }
        double epB = epF;
        switch (par.recompute()) {
            case FULL -> {
                if (par.recomputeEarlyStop()) {
                    // PyTorch's non-reentrant checkpoint stops recomputing once the last tensor the backward needs is
                    // rebuilt: the MLP down-projection saves only its input, so it and what follows it (its TP
                    // reduction, the MoE combine, the residual add) never rerun.
                    computeB += computeF - downProj;
                    tpB += tpF / 2;
                    cpB += cpF;
                    epB += epF / 2;
                } else {
                    computeB += computeF;
                    tpB += tpF;
                    cpB += cpF;
                    epB += epF;
                }
            }
            case SELECTIVE -> computeB += attnF + softmax;
            default -> {}
        }
        return new LayerCost(computeF, computeB, tpF, tpB, cpF, cpB, epF, epB);
    }

    /**
     * Time of one GEMM of shape M x K times K x N: 2MKN / (peak x gemmEfficiency x g(M) g(K) g(N)) with g(d) = d / (d +
     * gemmHalfDim), plus the epilogue writing the M x N bf16 output through HBM (2MN / achievable HBM bandwidth). Small
     * dimensions lose efficiency to tile quantisation and launch overhead; the epilogue weighs by the GPU's FLOP-to-
     * byte ratio (NVIDIA, "Matrix Multiplication Background User's Guide": arithmetic intensity against ops:byte), so a
     * narrow model loses more on H100 (295 FLOP/B in BF16) than on A100 (153 FLOP/B).
     */
    static double gemmS(TrainingJob job, double mDim, double kDim, double nDim) {
        return gemmS(job, job.model().precision(), mDim, kDim, nDim);
    }

    /** {@link #gemmS(TrainingJob, double, double, double)} in an explicit precision. */
    static double gemmS(TrainingJob job, Precision precision, double mDim, double kDim, double nDim) {
        StepCalibration cal = job.calibration();
        AcceleratorSpec acc = job.accelerator();
        double eff = acc.gemmEfficiency();
        if (precision.isFp8Class()) {
            eff *= cal.fp8GemmEfficiency();
        }
        double d0 = cal.gemmHalfDim();
        double shape = mDim / (mDim + d0) * (kDim / (kDim + d0)) * (nDim / (nDim + d0));
        double math = 2 * mDim * kDim * nDim / (acc.peakFlops(precision) * eff * shape);
        // Epilogue: the M x N bf16 output leaves through HBM after the main loop (not hidden behind the MMAs).
        double epilogue = mDim * nDim * BF16_BYTES / (acc.hbmBytesPerS() * cal.hbmEfficiency());
        return math + epilogue;
    }

    /**
     * What an offloaded layer's window loses when its host copy and its FSDP traffic over the NIC cross the same link
     * (HGX boards: the GPU's PCIe x16 link leads to a switch behind which sit the host and the NICs). Per window the
     * link carries the copy and this GPU's share of the collective's inter-domain bytes in one direction (forward: the
     * copy out and the gather's sends; backward: the copy back and the gather's and reduce-scatter's receives), so the
     * window lasts at least their sum over the link's bandwidth; the return is what that adds, forward and backward, to
     * the exposures priced for each alone ({@code aloneF/B}: the copy's and the FSDP collectives'). A hierarchical
     * collective moves {@code (1 - 1/domains) / membersPerDomain} of the gathered bytes over each member's NIC.
     *
     * @param gatheredBytes one layer's parameters on this rank, as gathered (bf16)
     * @param gradToParamBytes gradient bytes per parameter byte of the reduce-scatter (2 for fp32 gradients)
     */
    static double[] sharedHostLinkS(
            HostLink host,
            double copyBytes,
            double gatheredBytes,
            double gradToParamBytes,
            CommGroup dpGroup,
            LayerCost layer,
            double fsdpF,
            double fsdpB) {
        double nicShare = (1.0 - 1.0 / dpGroup.domains()) / dpGroup.membersPerDomain();
        double gatherNic = gatheredBytes * nicShare;
        double linkF = host.copyS(copyBytes + gatherNic);
        double linkB = host.copyS(copyBytes + gatherNic + gatherNic * gradToParamBytes);
        double copy = host.copyS(copyBytes);
        double aloneF = Math.max(0, copy - layer.fwd()) + fsdpF;
        double aloneB = Math.max(0, copy - layer.bwd()) + fsdpB;
        return new double[] {
            Math.max(0, Math.max(0, linkF - layer.fwd()) - aloneF),
            Math.max(0, Math.max(0, linkB - layer.bwd()) - aloneB)
        };
    }

    /**
     * Exposed time of a layer's backward TP collectives under Megatron-LM's asynchronous overlap (no userbuffers):
     * each column-parallel linear (QKV, fc1) launches its input-gradient all-reduce (reduce-scatter with sequence
     * parallelism) and then computes its weight gradient beside it; with sequence parallelism it also re-gathers its
     * input beside the input-gradient GEMM, while the row-parallel linears' gradient all-gathers stay synchronous
     * ({@code LinearWithGradAccumulationAndAsyncCommunication.backward}, Megatron-LM since 2021-22). A backward GEMM of a
     * forward GEMM costs what the forward one does; the collective's CTAs take {@code smLoss} of the SMs from the GEMM
     * it runs beside ({@link CollectiveSms#exposedS}).
     *
     * @param allReduceS one all-reduce of the layer's t x h activation over the TP group
     */
    static double asyncBackwardTpS(double allReduceS, double qkvGemmS, double fc1GemmS, boolean sp, double smLoss) {
        if (!sp) {
            return CollectiveSms.exposedS(allReduceS, qkvGemmS, smLoss)
                    + CollectiveSms.exposedS(allReduceS, fc1GemmS, smLoss);
        }
        // All-gather and reduce-scatter each move half an all-reduce's bytes; each column-parallel linear hides one of
        // each (re-gather beside its input-gradient GEMM, reduce-scatter beside its weight-gradient GEMM).
        double half = allReduceS / 2;
        return 2 * half
                + 2 * (CollectiveSms.exposedS(half, qkvGemmS, smLoss) + CollectiveSms.exposedS(half, fc1GemmS, smLoss));
    }

    /**
     * Bytes per weight a weight-gradient GEMM's epilogue moves: with gradient-accumulation fusion it reads and writes
     * the main gradient in its dtype; without it writes bf16 once (the hook's add is priced apart).
     */
    static double wgradOutBytes(Parallelism par) {
        return par.unfusedWgradAccumulation() ? BF16_BYTES : 2 * par.gradientBytes();
    }

    /**
     * Bytes the two backward GEMMs of a forward GEMM t x K times K x N write beyond two forward epilogues (2 t N each):
     * the input gradient's t x K in bf16 and the weight gradient's K x N at {@code wgradOutBytes} per element.
     */
    static double backwardEpilogueBytes(double t, double kDim, double nDim, double wgradOutBytes) {
        return t * kDim * BF16_BYTES + kDim * nDim * wgradOutBytes - 2 * t * nDim * BF16_BYTES;
    }

    /** Parameters of one layer held by one rank: dense parts / tp, experts / (tp x ep). */
    static double rankLayerParams(ModelSpec m, Parallelism par) {
        double dense = m.attentionParamsPerLayer() + 2.0 * m.hiddenSize();
        double mlp = m.mlpParamsPerLayer();
        return dense / par.tp() + (m.isMoe() ? mlp / ((double) par.tp() * par.ep()) : mlp / par.tp());
    }

    /** Parameters held by pipeline rank {@code r}: its layers plus the embedding (first) and output layer (last). */
    static double rankParams(ModelSpec m, Parallelism par, int r) {
        double params = par.unevenStages()
                ? rankLayerParams(m, par) * par.rankLayers(m.layers(), r)
                : rankLayerParams(m, par) * m.layers() / par.pp();
        double vocab = (double) m.vocabSize() * m.hiddenSize() / par.tp();
        if (r == 0) {
            params += vocab;
        }
        if (r == par.pp() - 1 && (par.pp() > 1 || !m.tiedEmbeddings())) {
            params += vocab;
        }
        return params;
    }

    /**
     * Peak of the layer activations (in layer x micro-batch units) rank {@code r} holds under Megatron-LM's interleaved
     * 1F1B when its virtual stages differ in size: {@code warmup} forwards, then forward/backward pairs. Forward k runs
     * chunk (k mod pv) / p, backward k chunk v - 1 - (k mod pv) / p (Megatron's get_model_chunk_id); the pattern
     * repeats every pv pairs, so one period after the warm-up holds the peak.
     */
    static double interleavedPeakLayers(ModelSpec m, Parallelism par, int r, int warmup) {
        int p = par.pp();
        int v = par.vpp();
        int total = par.microBatches() * v;
        int group = p * v;
        int[] chunk = new int[v];
        for (int c = 0; c < v; c++) {
            chunk[c] = par.stageLayers(m.layers(), c * p + r);
        }
        // Counters instead of k mod pv and / p: the walk runs in the parallelism search's inner loop.
        int inFlight = 0;
        int fChunk = 0;
        int fPos = 0;
        for (int k = 0; k < warmup; k++) {
            inFlight += chunk[fChunk];
            if (++fPos == p) {
                fPos = 0;
                fChunk = fChunk + 1 == v ? 0 : fChunk + 1;
            }
        }
        int peak = inFlight;
        int bChunk = v - 1;
        int bPos = 0;
        int pairs = Math.min(total - warmup, 2 * group);
        for (int j = 0; j < pairs; j++) {
            inFlight += chunk[fChunk];
            if (++fPos == p) {
                fPos = 0;
                fChunk = fChunk + 1 == v ? 0 : fChunk + 1;
            }
            peak = Math.max(peak, inFlight);
            inFlight -= chunk[bChunk];
            if (++bPos == p) {
                bPos = 0;
                bChunk = bChunk == 0 ? v - 1 : bChunk - 1;
            }
        }
        return peak;
    }

    /**
     * Bytes per token-hidden element a layer keeps for its backward pass (Korthikanti et al. 2022, Eq. 1-4, MLP term
     * scaled to the model's MLP): {@code unsplit} is what tensor parallelism without sequence parallelism leaves whole,
     * {@code split} what it divides, {@code attnScores} the unfused attention's score matrices.
     */
    record ActivationWords(double unsplit, double split, double attnScores) {
        /** Bytes per element of a layer's saved tensors on one rank, scores left out: SP splits all, TP the split. */
        double perRank(int tp, boolean sequenceParallel) {
            return sequenceParallel ? (unsplit + split) / tp : unsplit + split / tp;
        }
    }

    /** Elements of one micro-batch's hidden state on a rank before TP: (seq / cp) x mbs x hidden. */
    private static double hiddenElements(TrainingJob job) {
        return (double) job.model().seqLen()
                / job.parallelism().cp()
                * job.parallelism().microBatch()
                * job.model().hiddenSize();
    }

    static ActivationWords activationWords(TrainingJob job) {
        ModelSpec m = job.model();
        Parallelism par = job.parallelism();
        double s = (double) m.seqLen() / par.cp();
        double h = m.hiddenSize();
        double mlpWords =
                2.0 * m.mlpMatrices() * (m.isMoe() ? m.topK() * m.expertFfnHiddenSize() : m.ffnHiddenSize()) / h;
        // Q and the projection input (2 + 2), K and V shrunk by GQA (2 + 2) x kvHeads/heads: 8 for MHA as in the paper.
        double split = 4 + 4.0 * m.kvHeads() / m.heads() + mlpWords;
        double attnScores =
                par.flashAttention() || par.recompute() != Recompute.NONE ? 0 : 5.0 * m.heads() * s / (h * par.tp());
        // Parts Korthikanti et al. leave unsplit by TP without SP: two norm inputs (4), two dropout masks (2, none
        // when the run trains without hidden dropout, as Llama does), the QKV and FC1 inputs (2 + 2).
        double unsplit = par.hiddenDropout() ? 10 : 8;
        if (m.precision().isFp8Class()) {
            // Transformer Engine saves the quantised (1-byte) copy of each GEMM input for the backward pass instead of
            // the bf16 one: QKV and FC1 inputs (unsplit part), projection input and FC2 input (ffn/h sbh) halve.
            double ffn = m.isMoe() ? m.topK() * (double) m.expertFfnHiddenSize() : m.ffnHiddenSize();
            unsplit -= 2;
            split -= 1 + ffn / h;
        }
        return new ActivationWords(unsplit, split, attnScores);
    }

    /**
     * Bytes one transformer layer keeps on a GPU for its backward pass, per micro-batch: what the memory model counts
     * per layer and what activation offloading copies to the host and back.
     */
    static double layerActivationBytes(TrainingJob job) {
        Parallelism par = job.parallelism();
        double sbh = hiddenElements(job);
        return switch (par.recompute()) {
            case FULL -> 2 * sbh / (par.sequenceParallel() ? par.tp() : 1);
            default -> {
                ActivationWords w = activationWords(job);
                yield sbh * (w.perRank(par.tp(), par.sequenceParallel()) + w.attnScores());
            }
        };
    }

    /** Memory of the most loaded pipeline rank (see {@link MemoryBreakdown}). */
    public static MemoryBreakdown memory(TrainingJob job) {
        ModelSpec m = job.model();
        Parallelism par = job.parallelism();
        int p = par.pp();
        int v = par.vpp();
        double s = (double) m.seqLen() / par.cp();
        double b = par.microBatch();
        int tp = par.tp();
        double perLayer = layerActivationBytes(job);
        // Full recomputation re-materialises one layer's activations during its backward pass.
        double transientLayer = par.recompute() == Recompute.FULL
                ? hiddenElements(job) * activationWords(job).perRank(tp, par.sequenceParallel())
                : 0;
        int layersPerVs = m.layers() / (p * v);
        MemoryBreakdown worst = null;
        for (int r = 0; r < p; r++) {
            int chunksInFlight = v == 1
                    ? Math.min(p - r, par.microBatches())
                    : Math.min((p - r - 1) * 2 + (v - 1) * p + 1, par.microBatches() * v);
            double layerChunks = (double) layersPerVs * chunksInFlight;
            if (par.unevenStages()) {
                layerChunks = v == 1
                        ? (double) par.stageLayers(m.layers(), r) * chunksInFlight
                        : interleavedPeakLayers(m, par, r, chunksInFlight - 1);
            }
            // Offloaded layers leave the GPU as soon as their copy is done; Transformer Engine's double-buffered
            // handler keeps one of them in flight (the one being copied out, or prefetched back).
            double offloaded = Math.min(par.cpuOffloadLayers(), layerChunks);
            double act = perLayer * (layerChunks - offloaded + Math.min(offloaded, 1)) + transientLayer;
            if (r == p - 1) {
                act += s * b * m.vocabSize() / tp * 4.0; // fp32 logits
            }
            double params = rankParams(m, par, r);
            // one data-parallel rank's shard: expert parameters are sharded over the dp x cp / ep ranks holding them
            double shardOf = shardedParams(params, rankExpertParams(m, par, r), par);
            double weights;
            double grads;
            double optim;
            // Megatron-LM's distributed-optimizer table (docs/distrib_optimizer.md): bf16 weights, a gradient buffer
            // of gradientBytes, fp32 master weights + Adam moments (12 B), plus an fp32 main-gradient copy (4 B) in
            // the optimizer when the buffer is bf16: 18 B / 6 + 12/d with fp32 gradients, 20 B / 4 + 16/d with bf16.
            double g = par.gradientBytes();
            double state = par.gradReduceBf16() ? 16 : 12;
            switch (par.dpSharding()) {
                case NONE -> {
                    weights = 2 * params;
                    grads = g * params;
                    optim = state * params;
                }
                case ZERO1 -> {
                    weights = 2 * params;
                    grads = g * params;
                    optim = state * shardOf;
                }
                case ZERO2 -> {
                    weights = 2 * params;
                    grads = g * shardOf;
                    optim = state * shardOf;
                }
                default -> {
                    weights = 2 * shardOf + 2 * 2 * rankLayerParams(m, par);
                    grads = g * shardOf;
                    optim = state * shardOf;
                }
            }
            MemoryBreakdown mb = new MemoryBreakdown(
                    r, params, weights, grads, optim, act, job.calibration().memoryOverheadGiB() * GIB);
            if (worst == null || mb.totalBytes() > worst.totalBytes()) {
                worst = mb;
            }
        }
        return worst;
    }
}
