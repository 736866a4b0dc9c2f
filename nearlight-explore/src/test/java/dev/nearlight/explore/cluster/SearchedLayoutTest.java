package dev.nearlight.explore.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.compare.ScenarioVariant;
import dev.nearlight.explore.scenario.Scenario;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.ScenarioLoader;
import dev.nearlight.sim.train.AcceleratorCatalog;
import dev.nearlight.sim.train.DpSharding;
import dev.nearlight.sim.train.MemoryFit;
import dev.nearlight.sim.train.ModelSpec;
import dev.nearlight.sim.train.Parallelism;
import dev.nearlight.sim.train.Recompute;
import dev.nearlight.sim.train.RunSettings;
import dev.nearlight.sim.train.TrainingJob;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@code search: true} in a scenario: each alternative runs the fastest layout that fits on its own fabric, the layout
 * is reported, and it is the layout the scenario would have to give to get the same step time.
 */
class SearchedLayoutTest {
    /** One cluster, one workload, one alternative: gpu, gpus, model and the workload's further lines. */
    private static final String TEMPLATE = """
            name: searched
            cluster:
              gpu: %s
              gpus: %d
              gpusPerNode: 8
              fabric: {topology: rail-fat-tree, switchRadix: 64, rate: 400G, tiers: 2, oversubscription: 1}
            workloads:
              - name: llama3-70b
                model: %s
            %s
                seq: 8192
                tokens: 1T
            alternatives:
              - name: pluggable
                optics: {nodeLeaf: pluggable, leafSpine: pluggable}
            environment: {cooling: liquid, coolantC: 35}
            """;

    private static final String SCENARIO = TEMPLATE.formatted("h100", 1024, "llama3-70b", "%s\n    gbs: 512");

    private static AlternativeResult evaluate(String workloadLines) {
        return evaluateText(SCENARIO.formatted(workloadLines), "searched.yaml");
    }

    /** The first alternative and workload of scenario {@code text}, read as file {@code source}. */
    private static AlternativeResult evaluateText(String text, String source) {
        ScenarioFile file = new ScenarioLoader(Evaluators.vocabulary(List.of())).parse(text, source);
        Scenario s = file.scenario();
        AlternativeEvaluator ev = Evaluators.forScenario(file, List.of());
        return ev.evaluate(
                ScenarioVariant.of(s), s.alternatives().get(0), s.workloads().get(0));
    }

    @Test
    void theSearchedLayoutIsReportedReproducedAndNoSlowerThanAHandPickedOne() {
        AlternativeResult searched = evaluate("    search: true");
        String layout = searched.training().layout();
        // e.g. "tp 8 pp 4 dp 32 cp 1 ep 1 vpp 5 mbs 1 selective zero1 (dropout on, ...)"
        assertThat(layout)
                .matches(
                        "tp \\d+ pp \\d+ dp \\d+ cp \\d+ ep \\d+ vpp \\d+ mbs \\d+ \\w+ \\w+( accountEmbedding accountLoss)?"
                                + "( cpuOffloadLayers \\d+)? \\(.*\\)")
                .endsWith("(dropout on, sequence parallel where tp > 1, grad reduce fp32, overlap on,"
                        + " flash attention on)");
        String[] f = layout.split(" ");
        int tp = Integer.parseInt(f[1]);
        int pp = Integer.parseInt(f[3]);
        int dp = Integer.parseInt(f[5]);
        int cp = Integer.parseInt(f[7]);
        assertThat((long) tp * pp * dp * cp).isEqualTo(1024);
        // the same layout written into the scenario gives the same step (with its offloaded layers when the search
        // chose to offload a one-stage layout's activations)
        AlternativeResult given = given(layout, "");
        assertThat(given.training().layout()).isEmpty();
        assertThat(given.training().stepTimeS())
                .isCloseTo(
                        searched.training().stepTimeS(),
                        within(1e-9 * searched.training().stepTimeS()));
        // a common hand-picked layout is no faster than the searched one
        AlternativeResult hand =
                evaluate("    tp: 8\n    pp: 4\n    mbs: 1\n    recompute: selective\n    dpSharding: zero1");
        assertThat(hand.training().stepTimeS())
                .isGreaterThanOrEqualTo(searched.training().stepTimeS() * (1 - 1e-12));
        assertThat(searched.training().mfu()).isBetween(0.0, 1.0);
    }

    @Test
    void aScenarioGivesTheAccountedSplitAndTheOffloadTrainDoes() {
        // NeMo's Llama 3.1 405B split: 126 layers + embedding + loss on pp 8 x vpp 8; without the accounting the
        // layers do not divide, with it the scenario evaluates
        String layout = "    tp: 8\n    pp: 8\n    vpp: 8\n    gbs: 128\n    precision: fp8\n    recompute: full\n";
        assertThatThrownBy(() -> evaluateText(TEMPLATE.formatted("h100", 1024, "llama3-405b", layout), "a.yaml"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("not divisible by pp x vpp");
        AlternativeResult accounted = evaluateText(
                TEMPLATE.formatted(
                        "h100", 1024, "llama3-405b", layout + "    accountEmbedding: true\n    accountLoss: true\n"),
                "a.yaml");
        assertThat(accounted.training().stepTimeS()).isPositive();
        assertThat(accounted.training().mfu()).isBetween(0.0, 1.0);
        // Megatron-Bridge's GB200 FSDP recipe: with its 40 offloaded layers the step is priced (recompute none by
        // default); offloading beside pipeline parallelism is refused at the workload, as nearlight train refuses it
        String fsdp = "    mbs: 2\n    gbs: 256\n    precision: fp8\n    dpSharding: fsdp\n    dropout: false\n";
        AlternativeResult offload = evaluateText(
                TEMPLATE.formatted("gb200", 64, "llama3-70b", fsdp + "    cpuOffloadLayers: 40\n"), "o.yaml");
        assertThat(offload.training().stepTimeS()).isPositive();
        assertThatThrownBy(() -> evaluateText(
                        TEMPLATE.formatted(
                                "gb200", 64, "llama3-70b", "    pp: 2\n    gbs: 64\n    cpuOffloadLayers: 4\n"),
                        "o.yaml"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("needs pp 1");
    }

    @Test
    void aDegreeGivenBesideSearchIsALocatedError() {
        assertThatThrownBy(() -> evaluate("    search: true\n    tp: 8"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("searched.yaml:")
                .hasMessageContaining("workloads[0].tp: search: true chooses tp per alternative (remove tp or set"
                        + " search: false)");
    }

    /** The searched layout (label fields) written into the scenario with {@code extra} lines. */
    private static AlternativeResult given(String layout, String extra) {
        String[] f = layout.split(" ");
        // the label's optional keys after the sharding: the accounted split and the offloaded layers
        StringBuilder more = new StringBuilder();
        for (int i = 16; i < f.length && !f[i].startsWith("("); i++) {
            if (f[i].equals("cpuOffloadLayers")) {
                more.append("    cpuOffloadLayers: ").append(f[++i]).append('\n');
            } else {
                more.append("    ").append(f[i]).append(": true\n");
            }
        }
        return evaluate(String.format(
                "    tp: %s%n    pp: %s%n    dp: %s%n    cp: %s%n    ep: %s%n    vpp: %s%n    mbs: %s%n"
                        + "    recompute: %s%n    dpSharding: %s%n%s%s",
                f[1], f[3], f[5], f[7], f[9], f[11], f[13], f[14], f[15], more, extra));
    }

    @Test
    void theSearchHonoursDropoutOffAndItsLayoutGivenWithDropoutOffStepsTheSame() {
        // Llama 3 trained without dropout: search: true beside dropout: false is no longer an error
        AlternativeResult on = evaluate("    search: true");
        AlternativeResult off = evaluate("    search: true\n    dropout: false");
        assertThat(off.training().layout()).contains("(dropout off, ");
        // the searched layout, given by hand with the same dropout, is priced identically
        AlternativeResult givenOff = given(off.training().layout(), "    dropout: false");
        assertThat(givenOff.training().stepTimeS()).isEqualTo(off.training().stepTimeS());
        // masks take memory, not time: without them every layout that fitted still fits, so the best is no slower
        assertThat(off.training().stepTimeS()).isLessThanOrEqualTo(on.training().stepTimeS());
        // sequence parallelism is a run setting too: off everywhere when the workload says so
        AlternativeResult noSp = evaluate("    search: true\n    sequenceParallel: false");
        assertThat(noSp.training().layout()).contains("sequence parallel off");
        AlternativeResult givenNoSp = given(noSp.training().layout(), "    sequenceParallel: false");
        assertThat(givenNoSp.training().stepTimeS()).isEqualTo(noSp.training().stepTimeS());
    }

    @Test
    void aGivenLayoutThatDoesNotFitIsALocatedErrorWithTheSearchMemoryVerdict() {
        // Llama-3 70B on tp 8 x pp 1 without recomputation and 4 sequences per micro-batch: the fp32 logits and the
        // activations of all 80 layers on each GPU exceed 80 GiB
        String lines = "    tp: 8\n    pp: 1\n    mbs: 4\n    recompute: none\n    dpSharding: zero1";
        assertThatThrownBy(() -> evaluate(lines))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("searched.yaml:8:5: workloads[0]: memory: the given layout needs ")
                .hasMessageContaining(" GiB per GPU on pipeline stage 0 but h100 has 80.0 GiB (over by ")
                .hasMessageEndingWith("(set recompute: full, raise pp, tp or cp, lower mbs, set dpSharding: zero3,"
                        + " or let search: true choose a layout that fits)")
                .message()
                .doesNotContain("\n");
        // the figures are the search's memory verdict (MemoryFit) on the same job
        Parallelism par = RunSettings.defaults()
                .applyTo(Parallelism.builder())
                .tp(8)
                .dp(128)
                .microBatch(4)
                .globalBatch(512)
                .sequenceParallel(true)
                .recompute(Recompute.NONE)
                .dpSharding(DpSharding.ZERO1)
                .build();
        MemoryFit fit = MemoryFit.of(TrainingJob.of(
                ModelSpec.preset("llama3-70b").withSeqLen(8192),
                par,
                AcceleratorCatalog.load().get("h100")));
        assertThat(fit.fits()).isFalse();
        String msg = catchThrowableOfType(() -> evaluate(lines), InputException.class)
                .getMessage();
        assertThat(msg)
                .contains(String.format(
                        Locale.ROOT,
                        "needs %.1f GiB per GPU on pipeline stage %d",
                        fit.neededGiB(),
                        fit.memory().stage()))
                .contains(String.format(Locale.ROOT, "over by %.1f GiB", fit.overGiB()));
        // a full-recompute version of the same layout fits and runs
        assertThat(evaluate(lines.replace("recompute: none", "recompute: full"))
                        .training()
                        .stepTimeS())
                .isPositive();
    }

    @Test
    void aTrainingModelErrorIsLocatedAtItsScenarioKeyWithAFixInScenarioKeys() {
        // the model names its fields; the scenario renders them as its keys, never as command-line options
        String a100 =
                SCENARIO.formatted("    tp: 8\n    pp: 4\n    precision: fp8").replace("gpu: h100", "gpu: a100");
        InputException e = catchThrowableOfType(InputException.class, () -> evaluateText(a100, "a.yaml"));
        assertThat(e.getMessage())
                .isEqualTo("a.yaml:12:5: workloads[0].precision: a100 has no FP8 tensor cores (use precision: bf16)");
        // a software fact that cannot act on the run is refused at its key, not ignored
        InputException sw = catchThrowableOfType(
                InputException.class, () -> evaluate("    tp: 8\n    pp: 4\n    software: {fp8Scaling: current}"));
        assertThat(sw.getMessage())
                .isEqualTo("searched.yaml:12:16: workloads[0].software.fp8Scaling: current scaling quantises FP8/FP4"
                        + " tensors, but this run is BF16 (drop software.fp8Scaling or set precision: fp8)");
        for (String bad : List.of(
                "    tp: 8\n    pp: 4\n    ep: 2",
                "    tp: 8\n    pp: 1\n    vpp: 1\n    firstStageLayers: 3",
                "    tp: 8\n    pp: 4\n    vpp: 5\n    mbs: 4",
                "    tp: 8\n    pp: 1\n    recompute: none\n    mbs: 4")) {
            Throwable t = catchThrowableOfType(InputException.class, () -> evaluate(bad));
            assertThat(t).as(bad).isNotNull();
            assertThat(t.getMessage()).as(bad).startsWith("searched.yaml:").doesNotContain("--");
        }
    }

    @Test
    void noSeededRandomWorkloadGetsACommandLineOptionInItsScenarioError() {
        // property: whatever a workload gets wrong (degrees, batch, interleaving, stage layers, experts, precision on
        // a GPU without it, memory), the error is located in the file and names scenario keys, never options
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        int errors = 0;
        for (int i = 0; i < 24; i++) {
            int tp = new int[] {1, 2, 3, 8, 16}[r.nextInt(5)];
            int pp = new int[] {1, 2, 4, 5}[r.nextInt(4)];
            StringBuilder w = new StringBuilder("    tp: " + tp + "\n    pp: " + pp);
            if (r.nextBoolean()) {
                w.append("\n    vpp: ").append(new int[] {1, 2, 3, 5}[r.nextInt(4)]);
            }
            w.append("\n    mbs: ").append(new int[] {1, 2, 3, 4}[r.nextInt(4)]);
            if (r.nextInt(4) == 0) {
                w.append("\n    ep: 2");
            }
            if (r.nextInt(4) == 0) {
                w.append("\n    firstStageLayers: ").append(1 + r.nextInt(30));
            }
            w.append("\n    recompute: ").append(new String[] {"none", "selective", "full"}[r.nextInt(3)]);
            w.append("\n    precision: ").append(r.nextBoolean() ? "fp8" : "bf16");
            String yaml = SCENARIO.formatted(w.toString());
            if (r.nextBoolean()) {
                yaml = yaml.replace("gpu: h100", "gpu: a100");
            }
            String text = yaml;
            Throwable t = catchThrowableOfType(InputException.class, () -> evaluateText(text, "p.yaml"));
            if (t != null) {
                errors++;
                assertThat(t.getMessage())
                        .as(text)
                        .matches("p\\.yaml:\\d+:\\d+: .*")
                        .doesNotContain("--");
            }
        }
        // the draws do exercise the errors (most random layouts are wrong somewhere)
        assertThat(errors).isGreaterThan(12);
    }
}
