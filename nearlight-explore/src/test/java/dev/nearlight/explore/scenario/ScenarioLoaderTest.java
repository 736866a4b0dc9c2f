package dev.nearlight.explore.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {
    // line numbers matter: the expected positions below are counted in this text
    private static final String VALID = """
            name: test
            cluster:
              gpu: h100
              gpus: 1024
              fabric:
                rate: 400G
            workloads:
              - model: llama3-70b
                tp: 8
                pp: 4
                gbs: 512
                seq: 8192
                tokens: 15T
            alternatives:
              - name: npo
                optics: {nodeLeaf: pluggable, leafSpine: npo}
              - name: cpo
                optics: {nodeLeaf: pluggable, leafSpine: cpo}
            economics:
              pue: 1.3
            """;

    private final ScenarioLoader loader = new ScenarioLoader();

    private static String message(String yaml) {
        return assertThatThrownBy(() -> new ScenarioLoader().parse(yaml, "s.yaml"))
                .isInstanceOf(InputException.class)
                .actual()
                .getMessage();
    }

    @Test
    void validScenarioGetsDefaultsAndDerivedDp() {
        Scenario s = loader.parse(VALID, "s.yaml").scenario();
        assertThat(s.cluster().gpusPerNode()).isEqualTo(8);
        assertThat(s.cluster().fabric().topology()).isEqualTo("rail-fat-tree");
        assertThat(s.cluster().fabric().rateGbps()).isEqualTo(400.0);
        // dp = 1024 / (tp 8 x pp 4 x cp 1) = 32
        assertThat(s.workloads().get(0).dp()).isEqualTo(32);
        assertThat(s.workloads().get(0).tokenCount()).isEqualTo(15e12);
        assertThat(s.workloads().get(0).name()).isEqualTo("llama3-70b");
        assertThat(s.workloads().get(0).dropout()).isTrue(); // Megatron-LM's GPT default
        assertThat(s.economics().pue()).isEqualTo(1.3);
        assertThat(s.economics().electricityUsdPerKwh()).isEqualTo(0.08);
        assertThat(s.environment().cooling()).isEqualTo(dev.nearlight.core.catalogue.CoolingType.LIQUID);
        assertThat(s.fidelity()).isEqualTo(Fidelity.ANALYTICAL);
        assertThat(s.routing()).isEqualTo(RoutingKind.ECMP);
        assertThat(s.seed()).isEqualTo(1L);
        assertThat(s.alternatives()).extracting(Alternative::name).containsExactly("npo", "cpo");
    }

    @Test
    void unknownFieldNamesLineColumnAndClosestField() {
        String msg = message(VALID.replace("    rate: 400G", "    rate: 400G\n    radix: 64"));
        assertThat(msg)
                .startsWith("s.yaml:7:5: cluster.fabric.radix: unknown field (did you mean ")
                .contains("allowed: topology, switchRadix, rate, tiers, oversubscription")
                .doesNotContain("\n");
    }

    @Test
    void missingRequiredFieldPointsAtTheEnclosingField() {
        String msg = message(VALID.replace("  gpus: 1024\n", ""));
        assertThat(msg).isEqualTo("s.yaml:2:1: cluster.gpus: missing required field (add gpus: <integer >= 1>)");
    }

    @Test
    void missingNestedRequiredFieldInAList() {
        String msg = message(VALID.replace("    tokens: 15T\n", ""));
        assertThat(msg).isEqualTo("s.yaml:8:5: workloads[0].tokens: missing required field (add e.g. tokens: 15T)");
    }

    @Test
    void typeErrorNamesTheExpectedType() {
        String msg = message(VALID.replace("gpus: 1024", "gpus: many"));
        assertThat(msg).isEqualTo("s.yaml:4:3: cluster.gpus: 'many' is not an integer (write an integer)");
        assertThat(message(VALID.replace("gpus: 1024", "gpus: 10.5"))).startsWith("s.yaml:4:3: cluster.gpus: ");
        assertThat(message(VALID.replace("  gpu: h100\n", "  gpu: [h100]\n")))
                .startsWith("s.yaml:3:3: cluster.gpu: wrong type (expected a text value)");
    }

    @Test
    void outOfRangeValueGivesTheAllowedRange() {
        String msg = message(VALID.replace("pue: 1.3", "pue: 0.8"));
        assertThat(msg).isEqualTo("s.yaml:20:3: economics.pue: value 0.8 is out of range (use a number in [1, 5])");
    }

    @Test
    void routingIsReadAndCheckedLikeTheOtherChoices() {
        assertThat(loader.parse(VALID + "fidelity: flow\nrouting: dmodk\n", "s.yaml")
                        .scenario()
                        .routing())
                .isEqualTo(RoutingKind.DMODK);
        assertThat(message(VALID + "routing: spray\n"))
                .isEqualTo("s.yaml:21:1: routing: unknown value 'spray' (allowed: ecmp, dmodk)");
    }

    @Test
    void economicsPoliciesAndRobustnessSettingsAreReadAndLocated() {
        Scenario s = loader.parse(
                        VALID.replace("pue: 1.3", "pue: 1.3\n  gpuTime: gpu-capex\n  repairParts: return-to-vendor")
                                + "sensitivity:\n  samples: 5\n  bestTolerance: 0.02\n"
                                + "  breakEven: [{parameter: opticsPrice, between: [npo, cpo]}]\n",
                        "s.yaml")
                .scenario();
        assertThat(s.economics().gpuTime()).isEqualTo(GpuTimePolicy.GPU_CAPEX);
        assertThat(s.economics().repairParts()).isEqualTo(PartPricing.RETURN_TO_VENDOR);
        assertThat(s.sensitivity().samples()).isEqualTo(5);
        assertThat(s.sensitivity().bestTolerance()).isEqualTo(0.02);
        assertThat(s.sensitivity().bestProbability()).isEqualTo(0.8);
        assertThat(s.sensitivity().breakEven().get(0).between()).containsExactly("npo", "cpo");
        // defaults: GPU time at the GPU-hour price, new parts, 32 samples, break-evens chosen by compare
        Scenario d = loader.parse(VALID, "s.yaml").scenario();
        assertThat(d.economics().gpuTime()).isEqualTo(GpuTimePolicy.GPU_HOUR_PRICE);
        assertThat(d.economics().repairParts()).isEqualTo(PartPricing.NEW);
        assertThat(d.sensitivity().samples()).isEqualTo(32);
        assertThat(d.sensitivity().breakEven()).isNull();
        assertThat(message(VALID.replace("pue: 1.3", "pue: 1.3\n  gpuTime: rental")))
                .isEqualTo(
                        "s.yaml:21:3: economics.gpuTime: unknown value 'rental' (allowed: gpu-hour-price, gpu-capex)");
        assertThat(message(VALID + "sensitivity:\n  bestProbability: 0.3\n"))
                .startsWith("s.yaml:22:3: sensitivity.bestProbability: value 0.3 is out of range");
        assertThat(message(VALID + "sensitivity:\n  breakEven: [{parameter: pue, between: [npo]}]\n"))
                .startsWith("s.yaml:22:")
                .contains("between: needs two different alternatives");
    }

    @Test
    void unknownEnumValueListsAllowedValues() {
        String msg = message(VALID + "environment:\n  cooling: water\n");
        assertThat(msg).isEqualTo("s.yaml:22:3: environment.cooling: unknown value 'water' (allowed: air, liquid)");
    }

    @Test
    void unknownIdsSuggestTheClosestValidIds() {
        assertThat(message(VALID.replace("gpu: h100", "gpu: h1000")))
                .startsWith("s.yaml:3:3: cluster.gpu: unknown accelerator 'h1000' (closest valid ids: h100");
        assertThat(message(VALID.replace("leafSpine: cpo", "leafSpine: cpx")))
                .startsWith("s.yaml:18:35: alternatives[1].optics.leafSpine: unknown optics technology 'cpx'"
                        + " (closest valid ids: cpo");
        assertThat(message(VALID.replace("model: llama3-70b", "model: llama-70b")))
                .startsWith("s.yaml:8:5: workloads[0].model: unknown training preset 'llama-70b'")
                .contains("llama3-70b");
    }

    @Test
    void inconsistentParallelismPointsAtDp() {
        String msg = message(VALID.replace("    pp: 4\n", "    pp: 4\n    dp: 16\n"));
        assertThat(msg)
                .isEqualTo("s.yaml:11:5: workloads[0].dp: tp x pp x dp x cp = 8 x 4 x 16 x 1 = 512 differs from the"
                        + " cluster's 1024 GPUs (use dp: 32 or omit dp)");
    }

    @Test
    void crossFieldChecksOnAlternatives() {
        assertThat(message(VALID.replace("- name: cpo", "- name: npo")))
                .startsWith("s.yaml:17:5: alternatives[1].name: duplicate alternative name 'npo'");
        assertThat(message(VALID.replace("{nodeLeaf: pluggable, leafSpine: cpo}", "{nodeLeaf: pluggable}")))
                .startsWith("s.yaml:18:5: alternatives[1].optics.leafSpine: missing required field");
        assertThat(message(VALID.replace("  gpus: 1024", "  gpus: 1020")))
                .startsWith("s.yaml:4:3: cluster.gpus: 1020 GPUs do not fill whole nodes of 8 (use a multiple of"
                        + " gpusPerNode, e.g. 1016 or 1024)");
    }

    @Test
    void yamlSyntaxErrorsAndEmptyFilesAreOneLine() {
        String msg = message(VALID.replace("  gpus: 1024", "  gpus: [1024"));
        assertThat(msg).startsWith("s.yaml:").contains("(syntax)").doesNotContain("\n");
        assertThat(message("   \n")).startsWith("s.yaml:1:1: (root): the file is empty");
        assertThat(message("- a\n- b\n")).startsWith("s.yaml:1:1: (root): wrong type (expected a mapping");
    }

    @Test
    void locatedProblemsForLaterChecks() {
        ScenarioFile f = loader.parse(VALID, "s.yaml");
        assertThat(f.problem("cluster.fabric.switchRadix", "radix 64 too small", "use 128")
                        .getMessage())
                .isEqualTo("s.yaml:5:3: cluster.fabric.switchRadix: radix 64 too small (use 128)");
        assertThat(f.positionOf("alternatives[1].optics.leafSpine")).isEqualTo(new ScenarioFile.Position(18, 35));
    }

    @Test
    void explicitHyperParametersInsteadOfAPreset() {
        String custom = VALID.replace(
                "  - model: llama3-70b\n",
                "  - custom: {layers: 32, hidden: 4096, heads: 32, kvHeads: 8, vocab: 128256}\n");
        Workload w = loader.parse(custom, "s.yaml").scenario().workloads().get(0);
        assertThat(w.name()).isEqualTo("custom");
        assertThat(w.custom().ffnHiddenSize()).isEqualTo(4 * 4096);
        assertThat(w.custom().experts()).isEqualTo(1);
        assertThat(message(custom.replace("kvHeads: 8", "kvHeads: 5")))
                .startsWith("s.yaml:8:51: workloads[0].custom.kvHeads: 32 heads are not divisible by 5 kvHeads");
        assertThat(message(VALID.replace("  - model: llama3-70b\n", "  - mbs: 1\n")))
                .startsWith("s.yaml:8:5: workloads[0].model: missing required field");
        assertThat(message(VALID.replace("  - model: llama3-70b\n", "  - tp: 1\n")))
                .isEqualTo("s.yaml:9:7: (syntax): duplicate field 'tp' (remove one of them)");
        assertThat(message(VALID.replace(
                        "    tp: 8\n", "    tp: 8\n    custom: {layers: 2, hidden: 8, heads: 2, vocab: 10}\n")))
                .contains("workloads[0].custom: both model and custom are given (keep only one of them)");
    }

    @Test
    void aWorkloadsSoftwareBlockAndGradReduceBindTheTrainingModelsVocabulary() {
        Workload plain = loader.parse(VALID, "s.yaml").scenario().workloads().get(0);
        assertThat(plain.gradReduce()).isEqualTo(Workload.GradReduce.FP32);
        assertThat(plain.software().toRunSoftware()).isEqualTo(dev.nearlight.sim.train.RunSoftware.DEFAULT);
        String yaml = VALID.replace(
                "    tokens: 15T\n",
                "    tokens: 15T\n    gradReduce: bf16\n    software:\n      attentionKernel: triton\n"
                        + "      activation: squared_relu_eager\n      recomputeEarlyStop: true\n");
        Workload w = loader.parse(yaml, "s.yaml").scenario().workloads().get(0);
        assertThat(w.gradReduce()).isEqualTo(Workload.GradReduce.BF16);
        var sw = w.software().toRunSoftware();
        assertThat(sw.attention()).isEqualTo(dev.nearlight.sim.train.RunSoftware.AttentionKernel.TRITON);
        assertThat(sw.activation()).isEqualTo(dev.nearlight.sim.train.RunSoftware.Activation.SQUARED_RELU_EAGER);
        // the keys not given keep the defaults
        assertThat(sw.fp8Scaling()).isEqualTo(dev.nearlight.sim.train.RunSoftware.Fp8Scaling.DELAYED);
        assertThat(sw.gradAccumulationFusion()).isTrue();
        assertThat(sw.recomputeEarlyStop()).isTrue();
        // bad values are located and list the vocabulary
        assertThat(message(yaml.replace("attentionKernel: triton", "attentionKernel: flash3")))
                .isEqualTo("s.yaml:16:7: workloads[0].software.attentionKernel: unknown value 'flash3'"
                        + " (allowed: flash2, triton)");
        assertThat(message(yaml.replace("gradReduce: bf16", "gradReduce: fp16")))
                .isEqualTo("s.yaml:14:5: workloads[0].gradReduce: unknown value 'fp16' (allowed: fp32, bf16)");
        assertThat(message(yaml.replace("attentionKernel: triton", "kernel: triton")))
                .startsWith("s.yaml:16:7: workloads[0].software.kernel: unknown field (did you mean");
    }

    @Test
    void theScenarioBindsTheModelsOwnTypesWithLocatedErrors() {
        // precision, recompute and sharding are sim.train's enums, cooling the catalogue's, the custom model
        // sim.train.ModelSpec: every value of theirs is a scenario value, and an unknown one lists them all
        String fp8 = VALID.replace("    tokens: 15T\n", "    tokens: 15T\n    precision: fp8\n    recompute: full\n");
        Workload w = loader.parse(fp8, "s.yaml").scenario().workloads().get(0);
        assertThat(w.precision()).isEqualTo(dev.nearlight.sim.train.Precision.FP8);
        assertThat(w.recompute()).isEqualTo(dev.nearlight.sim.train.Recompute.FULL);
        assertThat(w.dpSharding()).isEqualTo(dev.nearlight.sim.train.DpSharding.ZERO1);
        assertThat(message(fp8.replace("precision: fp8", "precision: fp16")))
                .isEqualTo("s.yaml:14:5: workloads[0].precision: unknown value 'fp16' (allowed: bf16, fp8, fp4)");
        assertThat(message(fp8.replace("recompute: full", "recompute: some")))
                .isEqualTo("s.yaml:15:5: workloads[0].recompute: unknown value 'some'"
                        + " (allowed: none, selective, full)");
        assertThat(message(VALID + "environment:\n  cooling: immersion\n"))
                .isEqualTo("s.yaml:22:3: environment.cooling: unknown value 'immersion' (allowed: air, liquid)");
        assertThat(message(VALID.replace("    rate: 400G\n", "    rate: 400G\n    topology: torus-2d\n")))
                .isEqualTo("s.yaml:7:5: cluster.fabric.topology: unknown value 'torus-2d'"
                        + " (allowed: rail-fat-tree, fat-tree, torus, dragonfly)");
        String custom = VALID.replace(
                "  - model: llama3-70b\n",
                "  - custom: {layers: 32, hidden: 4096, heads: 32, kvHeads: 8, vocab: 128256}\n");
        // an unknown field of the custom model names the model's own fields; a missing one is located too
        assertThat(message(custom.replace("vocab: 128256", "vocab: 128256, hiddn: 1")))
                .startsWith("s.yaml:8:")
                .contains("workloads[0].custom.hiddn: unknown field (did you mean hidden? allowed: layers, hidden, ffn,"
                        + " heads, kvHeads, vocab, experts, topK, expertFfn)");
        assertThat(message(custom.replace("layers: 32, ", "")))
                .isEqualTo("s.yaml:8:5: workloads[0].custom.layers: missing required field"
                        + " (add layers: <positive integer>)");
        assertThat(message(custom.replace("vocab: 128256", "vocab: 128256, experts: 4, topK: 5")))
                .contains("workloads[0].custom.topK: 5 is more than the 4 experts (use 1..4)");
    }

    @Test
    void closestIdsUseEditDistance() {
        assertThat(ScenarioVocabulary.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(ScenarioVocabulary.closest(
                                "npx", ScenarioVocabulary.defaults().optics())
                        .get(0))
                .isEqualTo("npo");
    }
}
