package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void jsonCarriesTheDocumentedFields() throws Exception {
        int code = run(
                "train",
                "--model",
                "llama3-70b",
                "--gpu",
                "h100",
                "--gpus",
                "1024",
                "--tp",
                "8",
                "--pp",
                "4",
                "--dp",
                "32",
                "--vpp",
                "5",
                "--mbs",
                "1",
                "--gbs",
                "512",
                "--seq",
                "8192",
                "--recompute",
                "selective",
                "--sequence-parallel",
                "--tokens",
                "15T",
                "--json");
        assertThat(code).as(err.toString()).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree(out.toString());
        for (String f : new String[] {
            "stepTimeS",
            "mfu",
            "hfu",
            "tflopsPerGpu",
            "tokensPerS",
            "timeToTrainDays",
            "energyMWh",
            "starvationFraction",
            "memoryPerGpuGiB"
        }) {
            assertThat(j.path(f).isNumber()).as(f).isTrue();
        }
        double sum = 0;
        for (JsonNode v : j.path("breakdownS")) {
            sum += v.asDouble();
        }
        assertThat(sum).isCloseTo(j.path("stepTimeS").asDouble(), within(1e-9));
        // tokens/s = gbs x seq / step; time to train = 15e12 / tokens/s / 86400.
        double tps = 512 * 8192 / j.path("stepTimeS").asDouble();
        assertThat(j.path("tokensPerS").asDouble()).isCloseTo(tps, within(1e-6 * tps));
        assertThat(j.path("timeToTrainDays").asDouble()).isCloseTo(15e12 / tps / 86400, within(1e-6));
        assertThat(j.path("mfu").asDouble()).isBetween(0.25, 0.6);
        assertThat(j.path("memoryPerGpuGiB").asDouble()).isBetween(20.0, 80.0);
        // the step model's own error as a band on this step: the 5 % and 95 % quantiles of measured / predicted step
        // time on the 59 published runs it was not fitted to, the figure compare draws from
        JsonNode band = j.path("stepModelError");
        var shipped = dev.nearlight.sim.train.StepModelError.shipped();
        assertThat(band.path("runs").asInt()).isEqualTo(59);
        assertThat(band.path("lowFactor").asDouble())
                .isEqualTo(shipped.quantile(0.05))
                .isBetween(0.900, 0.910);
        assertThat(band.path("highFactor").asDouble())
                .isEqualTo(shipped.quantile(0.95))
                .isBetween(1.102, 1.112);
        assertThat(band.path("lowStepTimeS").asDouble())
                .isCloseTo(
                        band.path("lowFactor").asDouble() * j.path("stepTimeS").asDouble(), within(1e-12));
        assertThat(band.path("highStepTimeS").asDouble())
                .isCloseTo(
                        band.path("highFactor").asDouble() * j.path("stepTimeS").asDouble(), within(1e-12));
        // the band's domain: the shortest predicted step of those runs, and whether this step is inside it
        assertThat(band.path("shortestRunStepS").asDouble()).isEqualTo(shipped.shortestStepS());
        assertThat(band.path("covers").asBoolean())
                .isEqualTo(j.path("stepTimeS").asDouble() >= shipped.shortestStepS())
                .isTrue();
    }

    @Test
    void aStepShorterThanEveryRunBehindTheBandIsSaidToBeOutsideIt() throws Exception {
        // MLPerf v5.1's Llama 3.1 8B layout on 512 GB200 (TP 2 x CP 4, 64 sequences a step): tens of ms, far below
        // the shortest of the 59 runs the band was measured on, where the model is known to be optimistic
        String[] shortStep = {
            "train",
            "--model",
            "llama3-8b",
            "--gpu",
            "gb200",
            "--gpus",
            "512",
            "--tp",
            "2",
            "--cp",
            "4",
            "--gbs",
            "64",
            "--precision",
            "fp8"
        };
        assertThat(run(shortStep)).as(err.toString()).isZero();
        var shipped = dev.nearlight.sim.train.StepModelError.shipped();
        assertThat(out.toString())
                .contains("model domain")
                .contains(String.format(java.util.Locale.ROOT, "(shortest %.3f s)", shipped.shortestStepS()))
                .contains("the band does not cover it");
        out.getBuffer().setLength(0);
        assertThat(run(concat(shortStep, "--json"))).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.path("stepTimeS").asDouble()).isLessThan(shipped.shortestStepS());
        assertThat(j.path("stepModelError").path("covers").asBoolean()).isFalse();
        // a long step (the 64-GPU 8B job at 512 sequences) prints no such line
        out.getBuffer().setLength(0);
        assertThat(run("train", "--model", "llama3-8b", "--gpus", "64", "--tp", "8", "--gbs", "512"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).doesNotContain("model domain");
    }

    @Test
    void noDropoutFreesItsMasksAndLeavesTheStepTime() throws Exception {
        String[] base = {
            "train",
            "--model",
            "llama3-70b",
            "--gpu",
            "h100",
            "--gpus",
            "1024",
            "--tp",
            "8",
            "--pp",
            "4",
            "--dp",
            "32",
            "--mbs",
            "1",
            "--gbs",
            "512",
            "--seq",
            "8192",
            "--json"
        };
        assertThat(run(base)).as(err.toString()).isZero();
        JsonNode with = new ObjectMapper().readTree(out.toString());
        out.getBuffer().setLength(0);
        String[] without = java.util.Arrays.copyOf(base, base.length + 1);
        without[base.length] = "--no-dropout";
        assertThat(run(without)).as(err.toString()).isZero();
        JsonNode no = new ObjectMapper().readTree(out.toString());
        // two one-byte masks per activation element of each layer (Korthikanti et al. 2022): less memory, same time
        assertThat(no.path("memoryPerGpuGiB").asDouble())
                .isLessThan(with.path("memoryPerGpuGiB").asDouble());
        assertThat(no.path("stepTimeS").asDouble())
                .isEqualTo(with.path("stepTimeS").asDouble());
    }

    @Test
    void inconsistentDegreesAreOneLineExitTwo() {
        int code = run(
                "train",
                "--model",
                "llama3-70b",
                "--gpus",
                "1024",
                "--tp",
                "8",
                "--pp",
                "4",
                "--dp",
                "16",
                "--gbs",
                "512");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("error: gpus: tp x pp x dp x cp = 8 x 4 x 16 x 1 = 512 but the cluster has 1024 GPUs"
                        + " (make the product equal --gpus)");
    }

    @Test
    void notFittingInMemoryIsOneLineExitTwo() {
        int code =
                run("train", "--model", "llama3-405b", "--gpus", "8", "--tp", "8", "--gbs", "8", "--recompute", "none");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: memory: needs").contains("over by");
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void activationOffloadMakesTheGb200FsdpRecipeFitAndNamesItsLimits() {
        String[] gb200 = {"train", "--model", "llama3-70b", "--gpu", "gb200", "--gpus", "64"};
        String[] recipe = concat(gb200, "--mbs", "2", "--gbs", "256", "--precision", "fp8", "--dp-sharding", "fsdp");
        recipe = concat(recipe, "--no-dropout");
        // Megatron-Bridge's GB200 recipe without its offload needs far more than 173.2 GiB
        assertThat(run(recipe)).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: memory: needs");
        err.getBuffer().setLength(0);
        String[] offloaded = concat(recipe, "--cpu-offload-layers", "40");
        // with its 40 offloaded layers (recomputation off by default then) it fits and shows the exposed copies
        assertThat(run(offloaded)).isZero();
        assertThat(out.toString())
                .contains("recompute none")
                .contains("activations of 40 layers offloaded to the host")
                .contains(" offload ");
        // Megatron-Core refuses offloading with pipeline parallelism: one line, exit 2
        assertThat(run(concat(gb200, "--pp", "2", "--cpu-offload-layers", "4"))).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("error: cpu-offload-layers: 4 needs pp 1");
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void figuresNoPartOrRunCanHaveAreRefusedInOneLineNotPrintedAsInfinity(@TempDir Path dir) throws Exception {
        String[] job = {"train", "--model", "llama3-8b", "--gpu", "h100", "--gpus", "64", "--recompute", "full"};
        // a scale-up bandwidth of 1e-300 Gb/s printed "Infinity days" and a 1e300 W GPU a 300-digit MWh figure
        Path slow = TestCatalogues.h100(dir, "slow.yaml", "H100", 700, 1e-300);
        assertThat(run(concat(job, "--catalogue", slow.toString()))).isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("error: " + slow + ":")
                .contains("endpoints[0].scaleUpGbps: 1.0E-300 Gb/s is not physically meaningful")
                .contains("give 0 or 1 .. 1000000 Gb/s");
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
        err.getBuffer().setLength(0);
        Path hot = TestCatalogues.h100(dir, "hot.yaml", "H100", 1e300, 3600);
        assertThat(run(concat(job, "--catalogue", hot.toString()))).isEqualTo(2);
        assertThat(err.toString().strip()).contains("endpoints[0].powerW: 1.0E300 W");
        err.getBuffer().setLength(0);
        // a token budget beyond any run, and a micro-batch whose default global batch overflows
        assertThat(run(concat(job, "--tokens", "1e300"))).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("error: tokens: 1.0E300 must be positive and at most 1.0E17");
        err.getBuffer().setLength(0);
        assertThat(run(concat(job, "--mbs", "100000000"))).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("error: --mbs: dp x mbs = 64 x 100000000");
        // found by feeding hostile numbers to every option: each was a stack trace (exit 1) before
        String[][] hostile = {
            {"--tp", "0", "error: --tp: 0 must be >= 1"},
            {"--pue", "NaN", "error: Invalid value for option '--pue': 'NaN' is not a finite number"},
            {"--nics-per-gpu", "1e-300", "error: nics-per-gpu: 1.0E-300 NICs per GPU is outside 0.015625 .. 64.0"},
            {
                "--scale-up-domain",
                "8",
                "--scale-up-bandwidth",
                "450",
                "--tp",
                "8",
                "error: scale-up-bandwidth: the"
                        + " catalogue has no npo part at 200G (it has 400G, 800G, 1.6T, 3.2T), the scale-up port rate"
            }
        };
        for (String[] h : hostile) {
            err.getBuffer().setLength(0);
            String[] opts = java.util.Arrays.copyOf(h, h.length - 1);
            assertThat(run(concat(job, opts))).as(String.join(" ", opts)).isEqualTo(2);
            assertThat(err.toString().strip()).startsWith(h[h.length - 1]);
            assertThat(err.toString().strip().lines().count()).isEqualTo(1);
        }
        assertThat(out.toString()).doesNotContain("Infinity").doesNotContain("NaN");
    }

    @Test
    void explicitModelAndConfigFileWithLineColumnErrors(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(
                ok,
                "layers: 24\nhidden: 2048\nheads: 16\nvocab: 51200\ngpu: a100\ngpus: 8\ntp: 2\n"
                        + "gbs: 16\nrecompute: full\n");
        assertThat(run("train", "--config", ok.toString(), "--json"))
                .as(err.toString())
                .isEqualTo(0);
        assertThat(new ObjectMapper().readTree(out.toString()).path("gpus").asInt())
                .isEqualTo(8);
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "model: llama3-8b\ntp: 8\npipeline: 4\n");
        assertThat(run("train", "--config", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: " + bad + ":3:1: unknown key 'pipeline'");
        // a bad value of a known key is located at its line too, in the vocabulary of the option
        Path value = dir.resolve("value.yaml");
        Files.writeString(value, "model: llama3-8b\nelementwise: jit\n");
        err.getBuffer().setLength(0);
        assertThat(run("train", "--config", value.toString())).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("error: " + value
                        + ":2:14: elementwise 'jit' is unknown (use fused, torch_eager or torch_eager_rmsnorm)");
        Files.writeString(value, "model: llama3-8b\nrecompute: most\n");
        err.getBuffer().setLength(0);
        assertThat(run("train", "--config", value.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: " + value + ":2:12: recompute: unknown recompute mode 'most'");
    }

    @Test
    void validateTrainingPrintsTheTable() {
        String shared = System.getProperty("nearlight.shared.dir");
        assertThat(run("validate", "training", "--shared", shared))
                .as(err.toString())
                .isEqualTo(0);
        assertThat(out.toString())
                .contains("| SC21 Table 1 | fitted | 1008.0B | a100 | fp16 | 3072 |")
                .contains("## Public runs outside shared/")
                .contains("## Checked rows only (never fitted)")
                .contains("| NeMo 25.04 | checked | gpt3-175b | gb200 | fp8 | 128 |")
                .contains("rows: 90, median |error|");
    }

    @Test
    void aCatalogueThatChangesAGpuMovesTheBandWithTheStepAndValidateReplaysTheSameRows(@TempDir Path dir)
            throws Exception {
        // H100s with half their NVLink bandwidth: every H100 row with TP, CP or PP inside a node slows, so the
        // published runs' measured / predicted ratios, the band `train` prints, are those of this catalogue
        Path cat = TestCatalogues.h100(dir, "h100-half-nvlink.yaml", "H100, half NVLink", 700, 1800);
        var catalog = dev.nearlight.sim.train.AcceleratorCatalog.load(
                dev.nearlight.core.catalogue.Catalogue.load(java.util.List.of(cat)));
        var halfNvlink = dev.nearlight.sim.train.StepModelError.heldOut(catalog);
        var shipped = dev.nearlight.sim.train.StepModelError.shipped();
        assertThat(halfNvlink.ratios()).isNotEqualTo(shipped.ratios());
        assertThat(dev.nearlight.sim.train.StepModelError.of(catalog)).isEqualTo(halfNvlink);
        // a catalogue that leaves the GPUs alone keeps the shipped band (computed once)
        assertThat(dev.nearlight.sim.train.StepModelError.of(dev.nearlight.sim.train.AcceleratorCatalog.load()))
                .isSameAs(shipped);
        String[] job = {
            "train",
            "--model",
            "llama3-8b",
            "--gpu",
            "h100",
            "--gpus",
            "64",
            "--tp",
            "4",
            "--json",
            "--catalogue",
            cat.toString()
        };
        assertThat(run(job)).as(err.toString()).isZero();
        JsonNode band = new ObjectMapper().readTree(out.toString()).get("stepModelError");
        assertThat(band.get("lowFactor").asDouble()).isEqualTo(halfNvlink.quantile(0.05));
        assertThat(band.get("highFactor").asDouble()).isEqualTo(halfNvlink.quantile(0.95));
        // validate with the same file prints those rows as its never-fitted set
        out.getBuffer().setLength(0);
        assertThat(run(
                        "validate",
                        "training",
                        "--shared",
                        System.getProperty("nearlight.shared.dir"),
                        "--catalogue",
                        cat.toString()))
                .as(err.toString())
                .isZero();
        var checked = new dev.nearlight.sim.train.TrainingValidation(catalog)
                .runHeldOut().stream().filter(r -> r.role().equals("checked")).toList();
        // ... and ends with every row (calibration and public) by source and GPU, priced with the same catalogue
        var allRows = new java.util.ArrayList<>(new dev.nearlight.sim.train.TrainingValidation(catalog)
                .run(Path.of(System.getProperty("nearlight.shared.dir"), "validation")));
        allRows.addAll(new dev.nearlight.sim.train.TrainingValidation(catalog).runHeldOut());
        assertThat(out.toString())
                .contains("## Checked rows only (never fitted)"
                        + dev.nearlight.sim.train.TrainingValidation.summary(checked))
                .endsWith(dev.nearlight.sim.train.TrainingValidation.bySource(allRows));
    }

    @Test
    void validateTrainingReplaysADataFileAndNamesTheLineOfABadRow(@TempDir Path dir) throws Exception {
        String shared = System.getProperty("nearlight.shared.dir");
        Path good = dir.resolve("runs.csv");
        // The NeMo 24.12 Llama-2 7B row (8 x H100, FP8) in the generic format, measured 16934 tokens/s per GPU.
        Files.writeString(
                good,
                "# comment\n"
                        + "source,model,layers,hidden,ffn,heads,kv_heads,vocab,seq,gated,tied,gpu,gpus,gbs,precision,"
                        + "metric,measured\n"
                        + "mine,llama2-7b,32,4096,11008,32,32,32000,4096,true,false,h100,8,128,fp8,"
                        + "tokens_per_s_per_gpu,16934\n");
        assertThat(run("validate", "training", "--shared", shared, "--data", good.toString()))
                .as(err.toString())
                .isEqualTo(0);
        assertThat(out.toString())
                .contains("| mine | checked | llama2-7b | h100 | fp8 | 8 |")
                .contains("rows: 91,");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "source,model,gpu,gpus,gbs,metric,measured\nx,llama3-8b,h100,8,128,speed,1\n");
        err.getBuffer().setLength(0);
        assertThat(run("validate", "training", "--shared", shared, "--data", bad.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("error: " + bad + ":2: metric 'speed' is unknown");
        // A misspelt column is a located error too, and a bad file leaves no half-printed tables on stdout.
        Path typo = dir.resolve("typo.csv");
        Files.writeString(typo, "source,model,gpu,gpus,gbs,metric,measured,recompute_erly_stop\n");
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(run("validate", "training", "--shared", shared, "--data", typo.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("error: " + typo + ":1: unknown column 'recompute_erly_stop'");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void searchPrintsFittingLayoutsFastestFirst() throws Exception {
        assertThat(run(
                        "train",
                        "--model",
                        "llama3-70b",
                        "--gpu",
                        "h100",
                        "--gpus",
                        "256",
                        "--gbs",
                        "256",
                        "--search",
                        "--top",
                        "3",
                        "--json"))
                .as(err.toString())
                .isEqualTo(0);
        var n = new ObjectMapper().readTree(out.toString());
        assertThat(n.path("layouts")).hasSize(3);
        double previous = 0;
        for (var l : n.path("layouts")) {
            assertThat(l.path("tp").asInt()
                            * l.path("pp").asInt()
                            * l.path("dp").asInt()
                            * l.path("cp").asInt())
                    .isEqualTo(256);
            assertThat(l.path("memoryPerGpuGiB").asDouble()).isLessThanOrEqualTo(80.0);
            assertThat(l.path("stepTimeS").asDouble()).isGreaterThanOrEqualTo(previous);
            previous = l.path("stepTimeS").asDouble();
        }
        err.getBuffer().setLength(0);
        assertThat(run("train", "--model", "llama3-70b", "--gpus", "256", "--search"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("search: give --gpus and --gbs");
    }

    @Test
    void searchHonoursNoDropoutAndItsBestLayoutTrainsToTheSameStep() throws Exception {
        String[] search = {
            "train", "--model", "llama3-70b", "--gpu", "h100", "--gpus", "256", "--gbs", "256", "--search", "--top", "1"
        };
        assertThat(run(concat(
                        search, "--no-dropout", "--grad-reduce", "bf16", "--elementwise", "torch_eager", "--json")))
                .as(err.toString())
                .isEqualTo(0);
        JsonNode n = new ObjectMapper().readTree(out.toString());
        JsonNode s = n.path("settings");
        assertThat(s.path("dropout").asBoolean(true)).isFalse();
        assertThat(s.path("gradReduce").asText()).isEqualTo("bf16");
        assertThat(s.path("sequenceParallel").asBoolean()).isTrue();
        assertThat(s.path("overlap").asBoolean()).isTrue();
        assertThat(s.path("flashAttention").asBoolean()).isTrue();
        assertThat(s.path("software").asText()).isEqualTo("elementwise torch_eager");
        assertThat(s.path("recompute").toString()).isEqualTo("[\"none\",\"selective\",\"full\"]");
        assertThat(s.path("network").asText()).isEqualTo("defaults");
        JsonNode l = n.path("layouts").get(0);
        // the best layout given to train with the same settings estimates to the same step
        out.getBuffer().setLength(0);
        java.util.List<String> given = new java.util.ArrayList<>(java.util.List.of(
                "train",
                "--model",
                "llama3-70b",
                "--gpu",
                "h100",
                "--gpus",
                "256",
                "--gbs",
                "256",
                "--no-dropout",
                "--grad-reduce",
                "bf16",
                "--elementwise",
                "torch_eager",
                "--json"));
        for (String k : new String[] {"tp", "pp", "dp", "cp", "ep", "vpp", "mbs"}) {
            given.add("--" + k);
            given.add(l.path(k).asText());
        }
        given.addAll(java.util.List.of(
                "--recompute",
                l.path("recompute").asText(),
                "--dp-sharding",
                l.path("dpSharding").asText()));
        if (l.path("accountEmbeddingAndLoss").asBoolean()) {
            given.addAll(java.util.List.of(
                    "--account-for-embedding-in-pipeline-split", "--account-for-loss-in-pipeline-split"));
        }
        if (l.path("cpuOffloadLayers").asInt() > 0) {
            given.addAll(java.util.List.of(
                    "--cpu-offload-layers", l.path("cpuOffloadLayers").asText()));
        }
        assertThat(run(given.toArray(String[]::new))).as(err.toString()).isEqualTo(0);
        JsonNode direct = new ObjectMapper().readTree(out.toString());
        assertThat(direct.path("stepTimeS").asDouble())
                .isEqualTo(l.path("stepTimeS").asDouble());
        assertThat(direct.path("memoryPerGpuGiB").asDouble())
                .isEqualTo(l.path("memoryPerGpuGiB").asDouble());
        // the table says what it assumed
        out.getBuffer().setLength(0);
        assertThat(run(concat(search, "--no-dropout"))).as(err.toString()).isEqualTo(0);
        assertThat(out.toString())
                .contains("assumed: dropout off, sequence parallel where tp > 1, grad reduce fp32, overlap on, flash"
                        + " attention on; recompute none|selective|full (the lightest that fits), sharding"
                        + " zero1|zero3, mbs 1|2|4; analytical default network");
        // a layout degree beside --search is chosen by the search: one line, exit 2
        err.getBuffer().setLength(0);
        assertThat(run(concat(search, "--tp", "8"))).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("error: search: --search chooses --tp (drop --tp, or drop --search to estimate the given"
                        + " layout)" + System.lineSeparator());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void megatronPipelineSplitAccountingPutsLlama405bOnPp8Vpp8() throws Exception {
        // 126 layers + embedding + loss = 128 slots = 8 ranks x 8 virtual stages x 2 (NeMo's Llama-3.1 405B recipe).
        assertThat(run(
                        "train",
                        "--model",
                        "llama3-405b",
                        "--gpu",
                        "gb200",
                        "--gpus",
                        "128",
                        "--tp",
                        "4",
                        "--pp",
                        "8",
                        "--cp",
                        "2",
                        "--vpp",
                        "8",
                        "--gbs",
                        "64",
                        "--precision",
                        "fp8",
                        "--recompute",
                        "none",
                        "--grad-reduce",
                        "bf16",
                        "--account-for-embedding-in-pipeline-split",
                        "--account-for-loss-in-pipeline-split",
                        "--json"))
                .as(err.toString())
                .isEqualTo(0);
        var n = new ObjectMapper().readTree(out.toString());
        assertThat(n.path("stepTimeS").asDouble()).isPositive();
        err.getBuffer().setLength(0);
        assertThat(run(
                        "train",
                        "--model",
                        "llama3-405b",
                        "--gpus",
                        "128",
                        "--tp",
                        "4",
                        "--pp",
                        "8",
                        "--cp",
                        "2",
                        "--vpp",
                        "8",
                        "--gbs",
                        "64"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("pp: layers 126 are not divisible by pp x vpp = 8 x 8");
    }

    @Test
    void malformedYamlAndBadValuesNameLineAndColumn(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "model: llama3-8b\ntp: eight\n");
        assertThat(run("train", "--config", bad.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: " + bad + ":2:5: tp: 'eight' is not a number");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "model: [llama3-8b\n");
        err.getBuffer().setLength(0);
        assertThat(run("train", "--config", broken.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: " + broken + ":1:8: model must be a single value");
    }

    @Test
    void tokenBudgetsAndFidelity() {
        assertThat(TrainCommand.parseTokens("15T")).isEqualTo(15e12);
        assertThat(TrainCommand.parseTokens("300B")).isEqualTo(300e9);
        assertThat(TrainCommand.parseTokens("1e12")).isEqualTo(1e12);
        assertThat(run("train", "--model", "llama3-8b", "--tp", "8", "--tokens", "lots"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("tokens: 'lots' is not a positive token count");
        err.getBuffer().setLength(0);
        assertThat(run("train", "--model", "llama3-8b", "--tp", "8", "--fidelity", "packet"))
                .isEqualTo(2);
        assertThat(err.toString())
                .startsWith("error: fidelity: 'packet' is unknown")
                .hasLineCount(1);
    }

    private static final String[] LLAMA8_64 = {
        "train", "--model", "llama3-8b", "--gpus", "64", "--tp", "8", "--gbs", "64", "--seq", "2048", "--json"
    };

    private JsonNode json(String... extra) throws Exception {
        out.getBuffer().setLength(0);
        String[] args = java.util.Arrays.copyOf(LLAMA8_64, LLAMA8_64.length + extra.length);
        System.arraycopy(extra, 0, args, LLAMA8_64.length, extra.length);
        assertThat(run(args)).as(err.toString()).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void fabricOptionsBuildTheFabricAndDriveNetworkAndPower(@TempDir Path dir) throws Exception {
        // 64 H100s, radix 16: every rail's 8 nodes on one leaf -> gpu-leaf-gpu, one tier
        JsonNode r = json("--switch-radix", "16", "--rate", "400G");
        assertThat(r.get("network").get("source").asText()).isEqualTo("fabric");
        assertThat(r.get("network").get("scaleOutGBpsPerGpu").asDouble()).isCloseTo(50.0, within(1e-9));
        assertThat(r.get("network").get("tiers").asInt()).isEqualTo(1);
        assertThat(r.get("fabric").get("gpus").asInt()).isEqualTo(64);
        // power comes from the fabric roll-up, exactly as nearlight fabric reports it
        assertThat(r.get("powerW").get("switches").asDouble())
                .isEqualTo(r.get("fabric").get("switchPowerW").asDouble());
        assertThat(r.get("powerW").get("optics").asDouble())
                .isEqualTo(r.get("fabric").get("opticsPowerW").asDouble());
        // 800G NICs double the per-GPU scale-out bandwidth
        assertThat(json("--switch-radix", "16", "--rate", "800G")
                        .get("network")
                        .get("scaleOutGBpsPerGpu")
                        .asDouble())
                .isCloseTo(100.0, within(1e-9));
        // the same fabric from a file gives the same answer
        Path spec = dir.resolve("f.yaml");
        Files.writeString(spec, "switchRadix: 16\nrate: 400G\n");
        JsonNode f = json("--fabric", spec.toString());
        assertThat(f.get("stepTimeS").asDouble()).isEqualTo(r.get("stepTimeS").asDouble());
        // NPO optics draw less than pluggables on the same all-optical fabric (12,416 vs 13,825 W with the 400G
        // parts); the 200G scale-up links stay pluggable: the catalogue has no 200G NPO part
        assertThat(json(
                                "--switch-radix",
                                "16",
                                "--rate",
                                "400G",
                                "--no-copper",
                                "--scale-up-optics",
                                "pluggable",
                                "--optics",
                                "npo")
                        .get("powerW")
                        .get("optics")
                        .asDouble())
                .isLessThan(json(
                                "--switch-radix",
                                "16",
                                "--rate",
                                "400G",
                                "--no-copper",
                                "--scale-up-optics",
                                "pluggable",
                                "--optics",
                                "pluggable")
                        .get("powerW")
                        .get("optics")
                        .asDouble());
        // no fabric options: today's defaults, no fabric object
        JsonNode d = json();
        assertThat(d.get("network").get("source").asText()).isEqualTo("defaults");
        assertThat(d.has("fabric")).isFalse();
    }

    @Test
    void flowAndAnalyticalAgreeWithoutContention() throws Exception {
        // rails on one leaf each: the data-parallel rings share no link, so flow fidelity must agree with alpha-beta
        JsonNode a = json("--switch-radix", "16", "--no-overlap", "--dp-sharding", "none");
        JsonNode f = json("--switch-radix", "16", "--no-overlap", "--dp-sharding", "none", "--fidelity", "flow");
        assertThat(f.get("fidelity").asText()).isEqualTo("flow");
        double dpA = a.get("breakdownS").get("dpComm").asDouble();
        double dpF = f.get("breakdownS").get("dpComm").asDouble();
        assertThat(dpA).isPositive();
        assertThat(dpF).isCloseTo(dpA, within(0.03 * dpA));
        assertThat(f.get("stepTimeS").asDouble())
                .isCloseTo(
                        a.get("stepTimeS").asDouble(),
                        within(0.03 * a.get("stepTimeS").asDouble()));
    }

    @Test
    void badFabricOptionsGiveTheFabricCommandsErrors() {
        for (String[] bad : new String[][] {
            {"--rate", "fast"}, {"--optics", "=npo"}, {"--switch-radix", "16", "--tiers", "5"}, {"--topology", "mesh"}
        }) {
            String[] fabricArgs = new String[bad.length + 3];
            fabricArgs[0] = "fabric";
            fabricArgs[1] = "--gpus";
            fabricArgs[2] = "64";
            System.arraycopy(bad, 0, fabricArgs, 3, bad.length);
            err.getBuffer().setLength(0);
            assertThat(run(fabricArgs)).isEqualTo(2);
            String expected = err.toString();
            String[] trainArgs = java.util.Arrays.copyOf(LLAMA8_64, LLAMA8_64.length + bad.length);
            System.arraycopy(bad, 0, trainArgs, LLAMA8_64.length, bad.length);
            err.getBuffer().setLength(0);
            assertThat(run(trainArgs)).isEqualTo(2);
            assertThat(err.toString()).isEqualTo(expected).hasLineCount(1);
        }
    }

    @Test
    void textOutputNamesTheHeadlineFigures() {
        assertThat(run(
                        "train",
                        "--model",
                        "megatron-145b",
                        "--gpu",
                        "a100",
                        "--gpus",
                        "1536",
                        "--tp",
                        "8",
                        "--pp",
                        "8",
                        "--gbs",
                        "2304",
                        "--recompute",
                        "full"))
                .as(err.toString())
                .isEqualTo(0);
        assertThat(out.toString())
                .contains("step time")
                .contains("MFU / HFU")
                .contains("starvation")
                .contains("1536 x a100, TP 8 PP 8 (vpp 1) DP 24");
    }

    /** Meta's Llama 3 405B layout on 16,384 H100 (TP 8, PP 16 as 7 + 14 x 8 + 7 layers, DP 128), JSON output. */
    private static final String[] LLAMA3_405B = {
        "train",
        "--model",
        "llama3-405b",
        "--gpus",
        "16384",
        "--tp",
        "8",
        "--pp",
        "16",
        "--dp",
        "128",
        "--mbs",
        "1",
        "--gbs",
        "2048",
        "--seq",
        "8192",
        "--dp-sharding",
        "zero2",
        "--first-stage-layers",
        "7",
        "--last-stage-layers",
        "7",
        "--json"
    };

    private static String[] llama3With(String... more) {
        String[] args = java.util.Arrays.copyOf(LLAMA3_405B, LLAMA3_405B.length + more.length);
        System.arraycopy(more, 0, args, LLAMA3_405B.length, more.length);
        return args;
    }

    @Test
    void firstAndLastStageLayersWithInterleavingReproduceTheLlama3Layout() throws Exception {
        assertThat(run(llama3With("--vpp", "4"))).as(err.toString()).isZero();
        double mfu = new ObjectMapper().readTree(out.toString()).get("mfu").asDouble();
        // the Llama 3 paper reports 41 % BF16 MFU for this layout (arXiv 2407.21783, Table 4)
        assertThat(mfu).isBetween(0.38, 0.43);
        assertThat(run(llama3With("--vpp", "8"))).isEqualTo(2);
        assertThat(err.toString()).contains("holds only 7 layers").hasLineCount(1);
    }

    @Test
    void flowFidelityRoutingDestinationModKRemovesTheEcmpContentionOfThePipelineSends() throws Exception {
        String[] fabric = {"--vpp", "4", "--tiers", "3", "--switch-radix", "64", "--rate", "400G"};
        double[] step = new double[3];
        String[][] extra = {
            {}, {"--fidelity", "flow", "--routing", "ecmp"}, {"--fidelity", "flow", "--routing", "dmodk"}
        };
        for (int i = 0; i < 3; i++) {
            String[] more = java.util.Arrays.copyOf(fabric, fabric.length + extra[i].length);
            System.arraycopy(extra[i], 0, more, fabric.length, extra[i].length);
            out.getBuffer().setLength(0);
            assertThat(run(llama3With(more))).as(err.toString()).isZero();
            step[i] =
                    new ObjectMapper().readTree(out.toString()).get("stepTimeS").asDouble();
        }
        // hashed ECMP paths collide on the fabric's uplinks; D-mod-K paths do not, and the step comes back to the
        // contention-free analytical estimate
        assertThat(step[1]).isGreaterThan(step[2] * 1.02);
        assertThat(step[2]).isCloseTo(step[0], within(0.005 * step[0]));
        err.getBuffer().setLength(0);
        assertThat(run(
                        "train",
                        "--model",
                        "llama3-8b",
                        "--gpus",
                        "64",
                        "--tp",
                        "8",
                        "--fidelity",
                        "flow",
                        "--routing",
                        "spray"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("routing: 'spray' is unknown").hasLineCount(1);
    }

    @Test
    void runSoftwareOptionsPriceARunExactlyAsTheValidationColumnsOfTheSameNames(@TempDir Path dir) throws Exception {
        // One layout, every software fact off its default: the --data row and the train options must describe the
        // same job (one vocabulary, RunSoftware), so the two commands print the same throughput.
        Path csv = dir.resolve("run.csv");
        Files.writeString(
                csv,
                "source,model,gpu,gpus,mbs,gbs,precision,recompute,sharding,metric,measured,attention_kernel,"
                        + "activation,elementwise,cross_entropy,grad_accumulation_fusion,recompute_early_stop\n"
                        + "x,llama3-70b,a100,64,1,64,bf16,full,fsdp,tokens_per_s_per_gpu,331,triton,"
                        + "squared_relu_eager,torch_eager_rmsnorm,te,false,true\n");
        double validated = new dev.nearlight.sim.train.TrainingValidation(
                        dev.nearlight.sim.train.AcceleratorCatalog.load())
                .runFile(csv)
                .get(0)
                .predicted();
        String[] layout = {
            "train",
            "--model",
            "llama3-70b",
            "--gpu",
            "a100",
            "--gpus",
            "64",
            "--mbs",
            "1",
            "--gbs",
            "64",
            "--precision",
            "bf16",
            "--recompute",
            "full",
            "--dp-sharding",
            "fsdp",
            "--json"
        };
        String[] software = {
            "--attention-kernel",
            "triton",
            "--activation",
            "squared_relu_eager",
            "--elementwise",
            "torch_eager_rmsnorm",
            "--cross-entropy",
            "te",
            "--no-grad-accumulation-fusion",
            "--recompute-early-stop"
        };
        int code = run(concat(layout, software));
        assertThat(code).as(err.toString()).isEqualTo(0);
        double trained =
                new ObjectMapper().readTree(out.toString()).get("tokensPerS").asDouble() / 64;
        assertThat(trained).isCloseTo(validated, within(validated * 1e-12));
        // ... and the facts move the step: the same layout with the default software is faster.
        out.getBuffer().setLength(0);
        assertThat(run(layout)).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get("tokensPerS").asDouble() / 64)
                .isGreaterThan(trained * 1.05);
    }

    @Test
    void anUnknownSoftwareValueIsOneLineNamingTheOptionAndTheChoices() {
        int code = run("train", "--model", "llama3-8b", "--gpus", "8", "--elementwise", "jit");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("error: --elementwise 'jit' is unknown (use fused, torch_eager or torch_eager_rmsnorm)");
        err.getBuffer().setLength(0);
        assertThat(run("train", "--model", "llama3-8b", "--gpus", "8", "--cross-entropy", "liger"))
                .isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: --cross-entropy 'liger' is unknown (use unfused or te)");
        err.getBuffer().setLength(0);
        assertThat(run("train", "--model", "llama3-8b", "--gpus", "8", "--attention-kernel", " "))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("error: --attention-kernel: empty value (omit the option for the default)");
        // a fact that cannot act on the run is refused, not ignored
        err.getBuffer().setLength(0);
        assertThat(run("train", "--model", "llama3-8b", "--gpus", "8", "--fp8-scaling", "current"))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("error: fp8-scaling: current scaling quantises FP8/FP4 tensors, but this run is BF16"
                        + " (drop --fp8-scaling or set --precision fp8)");
        err.getBuffer().setLength(0);
        assertThat(run(
                        "train",
                        "--model",
                        "mixtral-8x7b",
                        "--gpus",
                        "64",
                        "--ep",
                        "8",
                        "--activation",
                        "squared_relu_eager"))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("error: activation: squared_relu_eager is priced on a dense MLP, but mixtral-8x7b is a"
                        + " mixture of experts (use --activation fused)");
    }
}
