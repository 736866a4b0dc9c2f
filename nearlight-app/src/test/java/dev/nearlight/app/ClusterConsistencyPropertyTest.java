package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One cluster, one set of numbers: for seeded random scenarios (radix, rate, tiers, size, optics per tier, copper
 * reach, the run's gradient precision and software facts), every figure {@code compare} prints about an alternative
 * equals what {@code fabric}, {@code train} and {@code reliability} print for the same cluster given as command-line
 * options.
 */
class ClusterConsistencyPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] OPTICS = {"pluggable", "lpo", "npo", "cpo", "npo-switch", "cpo-switch"};

    /** A random scenario and the command-line options that describe the same cluster per alternative. */
    record Case(String yaml, Map<String, List<String>> fabricArgs, List<String> trainArgs) {}

    static Case randomCase(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int radix = r.nextBoolean() ? 32 : 64;
        String rate = new String[] {"400G", "800G", "1.6T"}[r.nextInt(3)];
        int nodes = new int[] {8, 16, 32, 64}[r.nextInt(4)];
        int gpus = nodes * 8;
        // a 2-tier rail fat tree holds radix/8 rails x radix/2 nodes per leaf x 8 GPUs (FatTreeBuilder)
        int max2 = (radix / 8) * (radix / 2) * 8;
        int tiers = gpus <= max2 && r.nextBoolean() ? 2 : 3;
        int dp = gpus / 8;
        StringBuilder y = new StringBuilder();
        y.append("name: property case ").append(seed).append('\n');
        y.append("cluster:\n  gpu: h100\n  gpus: ").append(gpus).append("\n  gpusPerNode: 8\n");
        y.append("  fabric:\n    topology: rail-fat-tree\n    switchRadix: ").append(radix);
        y.append("\n    rate: ")
                .append(rate)
                .append("\n    tiers: ")
                .append(tiers)
                .append('\n');
        y.append("workloads:\n  - name: w\n    model: llama3-8b\n    tp: 8\n    pp: 1\n    dp: ")
                .append(dp);
        y.append("\n    mbs: 1\n    gbs: ").append(dp * 4).append("\n    seq: 4096\n    recompute: selective\n");
        y.append("    dpSharding: zero1\n    tokens: 100G\n");
        // the run's software facts and gradient precision, drawn too: the scenario keys and the train options of the
        // same names must price the same run
        String gradReduce = r.nextBoolean() ? "bf16" : "fp32";
        String attention = r.nextBoolean() ? "triton" : "flash2";
        String elementwise = new String[] {"fused", "torch_eager", "torch_eager_rmsnorm"}[r.nextInt(3)];
        String activation = r.nextBoolean() ? "fused" : "squared_relu_eager";
        boolean fusion = r.nextBoolean();
        y.append("    gradReduce: ").append(gradReduce).append('\n');
        y.append("    software: {attentionKernel: ")
                .append(attention)
                .append(", elementwise: ")
                .append(elementwise)
                .append(", activation: ")
                .append(activation)
                .append(", gradAccumulationFusion: ")
                .append(fusion)
                .append("}\n");
        y.append("alternatives:\n");
        Map<String, List<String>> fabricArgs = new LinkedHashMap<>();
        List<String> tierNames =
                tiers == 2 ? List.of("nodeLeaf", "leafSpine") : List.of("nodeLeaf", "leafSpine", "spineCore");
        for (int a = 0; a < 2; a++) {
            String name = "alt" + a;
            boolean copper = r.nextBoolean();
            Map<String, String> perTier = new LinkedHashMap<>();
            for (String t : tierNames) {
                perTier.put(t, OPTICS[r.nextInt(OPTICS.length)]);
            }
            y.append("  - name: ").append(name).append("\n    optics: {");
            y.append(String.join(
                    ", ",
                    perTier.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue())
                            .toList()));
            y.append("}\n    copperWhereReachAllows: ").append(copper).append('\n');
            List<String> args = new ArrayList<>(List.of(
                    "--gpus",
                    Integer.toString(gpus),
                    "--gpus-per-node",
                    "8",
                    "--switch-radix",
                    Integer.toString(radix),
                    "--rate",
                    rate,
                    "--tiers",
                    Integer.toString(tiers)));
            args.add("--optics");
            args.add(String.join(
                    ",",
                    perTier.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .toList()));
            if (!copper) {
                args.add("--no-copper");
            }
            fabricArgs.put(name, args);
        }
        y.append("environment:\n  cooling: liquid\n  coolantC: 35\n");
        y.append("economics:\n  electricityUsdPerKwh: 0.08\n  pue: 1.2\n  lifetimeYears: 5\n  discountRate: 0.08\n");
        y.append("reliability:\n  checkpointIntervalMin: 30\n");
        y.append("  mode: analytical\n");
        y.append("fidelity: analytical\nseed: ").append(seed).append('\n');
        List<String> train = List.of(
                "--model",
                "llama3-8b",
                "--gpu",
                "h100",
                "--tp",
                "8",
                "--pp",
                "1",
                "--dp",
                Integer.toString(dp),
                "--mbs",
                "1",
                "--gbs",
                Integer.toString(dp * 4),
                "--seq",
                "4096",
                "--recompute",
                "selective",
                "--dp-sharding",
                "zero1",
                "--tokens",
                "100G",
                "--grad-reduce",
                gradReduce,
                "--attention-kernel",
                attention,
                "--elementwise",
                elementwise,
                "--activation",
                activation,
                fusion ? "--grad-accumulation-fusion" : "--no-grad-accumulation-fusion",
                "--json");
        return new Case(y.toString(), fabricArgs, train);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyNumberCompareprintsEqualsTheSingleCommands(long seed, @TempDir Path dir) throws IOException {
        Case c = randomCase(seed);
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, c.yaml());
        CliRunner.Result cmp = CliRunner.run("compare", scenario.toString(), "--json", "--threads", "1");
        assertThat(cmp.exit()).as(c.yaml() + cmp.err()).isZero();
        JsonNode doc = JSON.readTree(cmp.out());
        // compare measures the slowdown per unit of bandwidth lost on the training step; the command is given it
        var file = new dev.nearlight.explore.scenario.ScenarioLoader(
                        dev.nearlight.explore.cluster.Evaluators.vocabulary(List.of()))
                .load(scenario);
        var ev = (dev.nearlight.explore.cluster.ScenarioEvaluator)
                dev.nearlight.explore.cluster.Evaluators.forScenario(file, List.of());
        for (JsonNode alt : doc.get("alternatives")) {
            String name = alt.get("name").asText();
            JsonNode m = alt.get("metrics");
            var w = file.scenario().workloads().get(0);
            ev.evaluate(
                    dev.nearlight.explore.compare.ScenarioVariant.of(file.scenario()),
                    file.scenario().alternative(name),
                    w);
            double commBound = ev.commBoundFraction(name, w.name());
            List<String> fabric = c.fabricArgs().get(name);
            String where = "seed " + seed + " " + name + " " + fabric;

            CliRunner.Result f = CliRunner.run(concat(List.of("fabric"), fabric, List.of("--json")));
            assertThat(f.exit()).as(where + f.err()).isZero();
            JsonNode fr = JSON.readTree(f.out());
            assertThat(m.get("opticsPowerKw").asDouble() * 1000)
                    .as(where + " optics W")
                    .isCloseTo(fr.get("opticsPowerW").asDouble(), within(1e-6));
            assertThat(m.get("fabricPowerKw").asDouble() * 1000)
                    .as(where + " fabric W")
                    .isCloseTo(fr.get("totalPowerW").asDouble(), within(1e-6));
            assertThat(m.get("capexUsd").asDouble())
                    .as(where + " capex")
                    .isCloseTo(
                            fr.get("capexUsd").asDouble(),
                            within(1e-6 * fr.get("capexUsd").asDouble()));

            // the link compare quotes is the main optical class's technology at the rate, the catalogue default
            // design in the scenario's cooling: `link` prints the same energy for that technology, rate and coolant
            JsonNode main = null;
            for (JsonNode lc : fr.get("linkClasses")) {
                long optical = lc.path("linksByMedium").path("optical").asLong(0);
                if (main == null
                        || optical > main.path("linksByMedium").path("optical").asLong(0)) {
                    main = lc;
                }
            }
            String tech = main.get("opticsTechnology").asText().replace("-switch", "");
            String rate = fabric.get(fabric.indexOf("--rate") + 1);
            // `link --tech` takes catalogue ids and prefixes, not the fabric's family names: give it the catalogue id
            // the fabric quotes for the family at the rate (e.g. pluggable-dsp -> pluggable-dsp-dr-800g)
            tech = new dev.nearlight.fabric.link.CatalogueLinkEvaluator(
                            dev.nearlight.core.catalogue.Catalogue.defaults())
                    .technologyFor(tech, dev.nearlight.fabric.spec.FabricFactory.parseRateGbps(rate, "--rate"))
                    .id();
            CliRunner.Result l = CliRunner.run(
                    "link", "--tech", tech, "--rate", rate, "--cooling", "liquid", "--coolant-c", "35", "--json");
            assertThat(l.exit()).as(where + " link " + tech + l.err()).isZero();
            double pj = JSON.readTree(l.out()).get("energyPjPerBit").asDouble();
            assertThat(m.get("linkEnergyPjPerBit").asDouble())
                    .as(where + " link pJ/bit of " + tech)
                    .isCloseTo(pj, within(5e-5)); // link --json prints 4 decimals

            CliRunner.Result t = CliRunner.run(concat(List.of("train"), c.trainArgs(), fabric));
            assertThat(t.exit()).as(where + t.err()).isZero();
            JsonNode tr = JSON.readTree(t.out());
            double step = tr.get("stepTimeS").asDouble();
            assertThat(m.get("stepTimeS").asDouble()).as(where + " step").isCloseTo(step, within(1e-9 * step));

            // reliability of the same cluster: failure-free time to train from the same step, analytical estimator
            double tttDays = 100e9 / (tr.get("gpus").asDouble() / 8 * 4 * 4096) * step / 86_400;
            // the same fabric options: reliability evaluates the parts of the built fabric as they are
            List<String> rel = new ArrayList<>(fabric);
            CliRunner.Result rr = CliRunner.run(concat(
                    List.of("reliability"),
                    rel,
                    List.of(
                            "--mode",
                            "analytical",
                            "--checkpoint-min",
                            "30",
                            "--coolant-c",
                            "35",
                            "--ttt-days",
                            String.format(Locale.ROOT, "%.17g", tttDays),
                            "--comm-bound-fraction",
                            String.format(Locale.ROOT, "%.17g", commBound),
                            // the slowdown of a dark fabric cable compare simulated (when it did)
                            "--fabric-link-loss",
                            String.format(
                                    Locale.ROOT,
                                    "%.17g",
                                    ev.fabricFaultSlowdown(name, w.name())
                                            .map(x -> x.stepLossFraction())
                                            .orElse(0.0)),
                            "--json")));
            assertThat(rr.exit()).as(where + rr.err()).isZero();
            JsonNode ra = JSON.readTree(rr.out()).get("alternatives").get(0);
            assertThat(m.get("availability").asDouble())
                    .as(where + " availability")
                    .isCloseTo(ra.get("jobAvailability").asDouble(), within(1e-9));
            assertThat(m.get("gpuHoursLostPerYear").asDouble())
                    .as(where + " GPU-h lost")
                    .isCloseTo(
                            ra.get("gpuHoursLostPerYear").asDouble(),
                            within(1e-6 * ra.get("gpuHoursLostPerYear").asDouble()));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void oneOpticsIdIsThatTechnologyOnEveryTierOfTheBuiltFabric(long seed) throws IOException {
        // reliability --optics X builds the fabric with X on every link class and reads its bill of materials, the
        // same path as the per-class form (and compare): the two spellings print the same figures
        SplittableRandom r = new SplittableRandom(seed);
        String optics = OPTICS[r.nextInt(OPTICS.length)];
        String rate = new String[] {"400G", "800G", "1.6T"}[r.nextInt(3)];
        int tiers = r.nextBoolean() ? 2 : 3;
        List<String> fabric = List.of(
                "--gpus", "256", "--gpus-per-node", "8", "--switch-radix", "32", "--rate", rate, "--tiers", "" + tiers);
        String perClass = tiers == 2
                ? "nodeLeaf=" + optics + ",leafSpine=" + optics
                : "nodeLeaf=" + optics + ",leafSpine=" + optics + ",spineCore=" + optics;
        List<String> common = List.of("--mode", "analytical", "--checkpoint-min", "30", "--json");
        CliRunner.Result one = CliRunner.run(concat(List.of("reliability", "--optics", optics), fabric, common));
        CliRunner.Result each = CliRunner.run(concat(List.of("reliability", "--optics", perClass), fabric, common));
        String where = "seed " + seed + " " + optics + " " + rate + " tiers " + tiers;
        assertThat(one.exit()).as(where + one.err()).isZero();
        assertThat(each.exit()).as(where + each.err()).isZero();
        JsonNode a = JSON.readTree(one.out()).get("alternatives").get(0);
        JsonNode b = JSON.readTree(each.out()).get("alternatives").get(0);
        for (String key : List.of("jobAvailability", "gpuHoursLostPerYear", "repairCostUsdPerYear")) {
            double want = b.get(key).asDouble();
            assertThat(a.get(key).asDouble()).as(where + " " + key).isCloseTo(want, within(1e-9 * Math.abs(want)));
        }
    }

    private static String[] concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all.toArray(String[]::new);
    }
}
