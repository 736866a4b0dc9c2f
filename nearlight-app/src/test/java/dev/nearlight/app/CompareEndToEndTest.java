package dev.nearlight.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.Technology;
import dev.nearlight.explore.cluster.Evaluators;
import dev.nearlight.explore.cluster.ScenarioEvaluator;
import dev.nearlight.explore.compare.AlternativeResult;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.ScenarioLoader;
import dev.nearlight.fabric.link.CatalogueLinkEvaluator;
import dev.nearlight.sim.reliability.FabricInventory;
import dev.nearlight.sim.train.AcceleratorCatalog;
import dev.nearlight.sim.train.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code nearlight compare} on every example through the real evaluator, checked against the physics (ordering of the
 * optics) and against what {@code link}, {@code fabric} and the training step model give for the same inputs.
 */
class CompareEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> RUNS = new ConcurrentHashMap<>();

    static java.util.stream.Stream<Path> exampleFiles() throws IOException {
        return CompareCommandTest.exampleFiles();
    }

    private static JsonNode compare(String example) {
        return RUNS.computeIfAbsent(example, e -> {
            CliRunner.Result r = CliRunner.run(
                    "compare", CompareCommandTest.examples().resolve(e).toString(), "--json", "--threads", "2");
            assertThat(r.exit()).as(r.err()).isZero();
            try {
                return JSON.readTree(r.out());
            } catch (IOException ex) {
                throw new AssertionError(ex);
            }
        });
    }

    private static double layoutLengthM(JsonNode doc, String name) {
        for (JsonNode a : doc.get("alternatives")) {
            if (a.get("name").asText().equals(name)) {
                return a.get("link").get("lengthM").asDouble();
            }
        }
        throw new AssertionError("no alternative " + name);
    }

    private static JsonNode alternative(JsonNode doc, String name) {
        for (JsonNode a : doc.get("alternatives")) {
            if (a.get("name").asText().equals(name)) {
                return a.get("metrics");
            }
        }
        throw new AssertionError("no alternative " + name);
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void everyExampleRunsWithFiniteMetrics(Path example) {
        JsonNode doc = compare(example.getFileName().toString());
        assertThat(doc.get("alternatives").size()).isGreaterThanOrEqualTo(2);
        for (JsonNode a : doc.get("alternatives")) {
            Iterator<Map.Entry<String, JsonNode>> it = a.get("metrics").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> m = it.next();
                assertThat(m.getValue().isNumber())
                        .as(a.get("name") + " " + m.getKey() + " = " + m.getValue())
                        .isTrue();
                assertThat(m.getValue().asDouble()).as(m.getKey()).isFinite();
            }
            JsonNode metrics = a.get("metrics");
            assertThat(metrics.get("mfu").asDouble()).isBetween(0.05, 0.8);
            assertThat(metrics.get("availability").asDouble()).isBetween(0.0, 1.0);
            assertThat(metrics.get("tcoUsd").asDouble())
                    .isGreaterThan(metrics.get("capexUsd").asDouble());
            assertThat(a.get("charts").get("energyPerBitVsReach").get("points").size())
                    .isPositive();
        }
    }

    @Test
    void flowFidelitySimulatesTheCollectivesOnEachAlternativesFabric(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        String text = Files.readString(CompareCommandTest.examples().resolve("npo-vs-cpo-switches-1k.yaml"));
        assertThat(text).contains("fidelity: analytical");
        Path flow = dir.resolve("flow.yaml");
        Files.writeString(flow, text.replace("fidelity: analytical", "fidelity: flow"));
        JsonNode analytical = compare("npo-vs-cpo-switches-1k.yaml");
        JsonNode[] runs = new JsonNode[2];
        for (int i = 0; i < 2; i++) {
            CliRunner.Result r = CliRunner.run("compare", flow.toString(), "--json", "--threads", "2");
            assertThat(r.exit()).as(r.err()).isZero();
            runs[i] = JSON.readTree(r.out());
        }
        assertThat(runs[0].get("scenario").get("fidelity").asText()).isEqualTo("flow");
        for (String alt : new String[] {"npo-switches", "cpo-switches"}) {
            double a = alternative(analytical, alt).get("stepTimeS").asDouble();
            double f = alternative(runs[0], alt).get("stepTimeS").asDouble();
            // the data-parallel rings and pipeline sends now run on the built fabric: a different, nearby answer
            assertThat(f).as(alt).isNotEqualTo(a).isCloseTo(a, within(0.1 * a));
            // same seed, same answer
            assertThat(alternative(runs[1], alt).get("stepTimeS").asDouble()).isEqualTo(f);
        }
    }

    @Test
    void aHypothetical204TAsicMakesThe32TPluggablesEscapeButNotTodaysEngineDensities() throws IOException {
        JsonNode base = compare("whatif-3.2t.yaml");
        CliRunner.Result r = CliRunner.run(
                "compare",
                CompareCommandTest.examples().resolve("whatif-3.2t.yaml").toString(),
                "--catalogue",
                CompareCommandTest.examples()
                        .resolve("catalogues/switch-204.8t.yaml")
                        .toString(),
                "--json",
                "--threads",
                "2");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode with = JSON.readTree(r.out());
        // 64 x 3.2T = 204.8T: no catalogue ASIC carries it, so nothing escapes without the extra file
        for (String alt : new String[] {"pluggable-3.2t", "npo-3.2t", "cpo-3.2t"}) {
            assertThat(alternative(base, alt).get("escapeFeasible").asDouble())
                    .as(alt)
                    .isZero();
        }
        // with it: 64 OSFP on an 880 mm faceplate fit; CPO at 140 Gb/s per mm on a 4 x 183 mm engine substrate
        // escapes 32 x 3.2T = 102.4T, half of what it needs (NPO likewise at 100 Gb/s per mm)
        assertThat(alternative(with, "pluggable-3.2t").get("escapeFeasible").asDouble())
                .isEqualTo(1);
        assertThat(alternative(with, "cpo-3.2t").get("escapeFeasible").asDouble())
                .isZero();
        assertThat(alternative(with, "npo-3.2t").get("escapeFeasible").asDouble())
                .isZero();
        assertThat(alternative(with, "pluggable-1.6t").get("escapeFeasible").asDouble())
                .isEqualTo(1);
    }

    /**
     * The README example with the reliability defaults against the Llama 3 record (Table 5, 54 days, 16,384 H100s:
     * {@code ../shared/validation/llama3_405b_interruptions.csv}): per day, all unexpected interruptions 419 / 54 =
     * 7.76, GPU 268 / 54 = 4.96, host 46 / 54 = 0.85, software 63 / 54 = 1.17, each within 15 %, and ETTR above 0.90
     * (section 3.3.4: "more than 90 % effective training time"), and the network row 42 / 54 = 0.78 within 15 %:
     * predicted from NICs (fitted), leaf switches, the catalogue's 400G modules and AEC cables and the fibre cords
     * (docs/reliability.md, "Calibration"). Under the default {@code swap-or-degrade} rail-loss policy a leaf engine's
     * switch swap (one rail of 32 nodes, more than the 20 spares) runs those nodes on 7 rails instead of stopping the
     * job, so the engine columns keep an ETTR within one point of the pluggable column.
     */
    @Test
    void readmeExampleReproducesTheLlama3Record() throws IOException {
        Map<String, Double> perDay = new java.util.HashMap<>();
        Path csv = Path.of(System.getProperty("nearlight.shared.dir", "../../shared"), "validation")
                .resolve("llama3_405b_interruptions.csv");
        for (String line : Files.readAllLines(csv)) {
            if (line.startsWith("#") || line.startsWith("component")) {
                continue;
            }
            String[] f = line.split(",");
            String cat = f[1].startsWith("GPU") ? "gpu" : f[1];
            perDay.merge(cat, Double.parseDouble(f[2]) / 54.0, Double::sum);
            perDay.merge("all", Double.parseDouble(f[2]) / 54.0, Double::sum);
        }
        assertThat(perDay.get("all")).isCloseTo(419 / 54.0, within(1e-9));
        JsonNode m = alternative(compare("llama3-405b-16k-gpus.yaml"), "pluggable");
        assertThat(m.get("interruptionsPerDay").asDouble()).isCloseTo(perDay.get("all"), withinPercentage(15));
        assertThat(m.get("gpuInterruptionsPerDay").asDouble()).isCloseTo(perDay.get("gpu"), withinPercentage(15));
        assertThat(m.get("hostInterruptionsPerDay").asDouble()).isCloseTo(perDay.get("host"), withinPercentage(15));
        assertThat(m.get("softwareInterruptionsPerDay").asDouble())
                .isCloseTo(perDay.get("software"), withinPercentage(15));
        assertThat(m.get("networkInterruptionsPerDay").asDouble())
                .isCloseTo(perDay.get("network"), withinPercentage(15));
        assertThat(m.get("ettr").asDouble()).isGreaterThan(0.90);
        JsonNode doc = compare("llama3-405b-16k-gpus.yaml");
        for (String engines : new String[] {"npo", "cpo"}) {
            assertThat(alternative(doc, engines).get("ettr").asDouble())
                    .as(engines)
                    .isCloseTo(m.get("ettr").asDouble(), within(0.01));
        }
        // goodput is ETTR less slower running, never more
        assertThat(m.get("goodput").asDouble())
                .isLessThanOrEqualTo(m.get("ettr").asDouble());
    }

    @Test
    void opticsPowerAndLinkEnergyFallFromPluggableToCpoOn16k() {
        JsonNode doc = compare("llama3-405b-16k-gpus.yaml");
        String[] order = {"pluggable", "lpo", "npo", "cpo"};
        for (String metric : new String[] {"opticsPowerKw", "fabricPowerKw", "linkEnergyPjPerBit"}) {
            for (int i = 0; i + 1 < order.length; i++) {
                assertThat(alternative(doc, order[i]).get(metric).asDouble())
                        .as(metric + " " + order[i] + " > " + order[i + 1])
                        .isGreaterThan(
                                alternative(doc, order[i + 1]).get(metric).asDouble());
            }
        }
        // the DSP retimes every lane: the pluggable link is the slowest
        assertThat(alternative(doc, "pluggable").get("linkLatencyNs").asDouble())
                .isGreaterThan(alternative(doc, "npo").get("linkLatencyNs").asDouble());
    }

    @Test
    void fabricOpticsPowerEqualsTheFabricCommand() throws IOException {
        JsonNode doc = compare("llama3-405b-16k-gpus.yaml");
        for (String optics : new String[] {"lpo", "npo", "cpo"}) {
            CliRunner.Result f = CliRunner.run(
                    "fabric",
                    "--gpus",
                    "16384",
                    "--gpus-per-node",
                    "8",
                    "--switch-radix",
                    "64",
                    "--rate",
                    "400G",
                    "--tiers",
                    "3",
                    "--oversubscription",
                    "1",
                    "--optics",
                    optics,
                    "--json");
            assertThat(f.exit()).as(f.err()).isZero();
            JsonNode fr = JSON.readTree(f.out());
            JsonNode m = alternative(doc, optics);
            assertThat(m.get("opticsPowerKw").asDouble() * 1000)
                    .as(optics)
                    .isCloseTo(fr.get("opticsPowerW").asDouble(), within(1e-6));
            assertThat(m.get("fabricPowerKw").asDouble() * 1000)
                    .isCloseTo(fr.get("totalPowerW").asDouble(), within(1e-6));
        }
    }

    @Test
    void linkEnergyEqualsTheLinkCommand() throws IOException {
        // compare evaluates the main link at the layout's mean length of its class (not the catalogue's 50 m), per port
        // (one module or engine port as datasheets quote it) and per link (both ends + host SerDes)
        JsonNode doc = compare("llama3-405b-16k-gpus.yaml");
        CatalogueLinkEvaluator links = new CatalogueLinkEvaluator(Catalogue.defaults());
        for (String optics : new String[] {"lpo", "npo", "cpo"}) {
            // the catalogue technology the fabric uses for 400G ports (the closest offered rate)
            Technology t = links.technologyFor(optics, 400);
            CliRunner.Result l = CliRunner.run(
                    "link",
                    "--tech",
                    t.id(),
                    "--rate",
                    ScenarioEvaluator.rateText(t.rateGbps()) + "G",
                    "--cooling",
                    "liquid",
                    "--coolant-c",
                    "35",
                    "--reach-m",
                    String.valueOf(layoutLengthM(doc, optics)),
                    "--json");
            assertThat(l.exit()).as(l.err()).isZero();
            JsonNode lr = JSON.readTree(l.out());
            JsonNode m = alternative(doc, optics);
            // the layout's links are metres long, well short of the 50 m catalogue default of DR optics
            assertThat(layoutLengthM(doc, optics)).isBetween(1.0, 49.0);
            assertThat(lr.get("reachSource").asText()).doesNotContain("default");
            assertThat(m.get("portPowerW").asDouble())
                    .as(optics)
                    .isCloseTo(lr.get("modulePowerW").asDouble(), within(5e-5));
            assertThat(m.get("linkPowerW").asDouble())
                    .isCloseTo(lr.get("powerW").asDouble(), within(5e-5));
            // per link is more than two ports: the hosts' SerDes are inside the link boundary, not the port's
            assertThat(m.get("linkPowerW").asDouble())
                    .isGreaterThan(2 * m.get("portPowerW").asDouble());
            // the link command's JSON rounds to 4 decimals
            assertThat(m.get("linkEnergyPjPerBit").asDouble())
                    .as(optics)
                    .isCloseTo(lr.get("energyPjPerBit").asDouble(), within(5e-5));
            // the fibre's ~5 ns/m turns the printed length's last digits into a few 1e-4 ns
            assertThat(m.get("linkLatencyNs").asDouble())
                    .isCloseTo(lr.get("latencyNs").asDouble(), within(1e-3));
        }
    }

    /**
     * {@code nearlight train} with the README example's layout (Meta's Llama 3 405B) on its fabric with {@code optics},
     * then {@code extra}: the command line that builds the same cluster as the scenario.
     */
    private static String[] readmeLayoutOnItsFabric(String optics, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "train",
                "--model",
                "llama3-405b",
                "--gpu",
                "h100",
                "--gpus",
                "16384",
                "--gpus-per-node",
                "8",
                "--tp",
                "8",
                "--pp",
                "16",
                "--vpp",
                "4",
                "--dp",
                "128",
                "--mbs",
                "1",
                "--gbs",
                "2048",
                "--seq",
                "8192",
                "--recompute",
                "selective",
                "--dp-sharding",
                "zero2",
                "--first-stage-layers",
                "7",
                "--last-stage-layers",
                "7",
                "--tokens",
                "15T",
                "--topology",
                "rail-fat-tree",
                "--switch-radix",
                "64",
                "--rate",
                "400G",
                "--tiers",
                "3",
                "--optics",
                optics));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void stepTimeEqualsTheTrainCommandOnTheSameFabric() throws IOException {
        // compare and `train --fabric` build the same cluster and derive the training network with one formula
        JsonNode doc = compare("llama3-405b-16k-gpus.yaml");
        for (String optics : new String[] {"lpo", "npo"}) {
            JsonNode alt = alternative(doc, optics);
            CliRunner.Result t = CliRunner.run(readmeLayoutOnItsFabric(optics, "--json"));
            assertThat(t.exit()).as(t.err()).isZero();
            JsonNode tr = JSON.readTree(t.out());
            double step = tr.get("stepTimeS").asDouble();
            assertThat(alt.get("stepTimeS").asDouble()).as(optics).isCloseTo(step, within(1e-9 * step));
            assertThat(alt.get("mfu").asDouble()).isCloseTo(tr.get("mfu").asDouble(), within(1e-12));
        }
    }

    @Test
    void aWorkloadsSoftwareAndGradReduceKeysPriceTheStepAsTheTrainOptionsOfTheSameNames(@TempDir Path dir)
            throws IOException {
        // the README example with the software facts of a TorchTitan-style run and bf16 gradients, no sensitivity
        String text = Files.readString(CompareCommandTest.examples().resolve("llama3-405b-16k-gpus.yaml"))
                .replace(
                        "    precision: bf16\n",
                        "    precision: bf16\n    gradReduce: bf16\n    software: {attentionKernel: triton,"
                                + " elementwise: torch_eager, crossEntropy: te, gradAccumulationFusion: false}\n")
                .replaceFirst("sensitivity:\n  metric: costPerModelUsd", "sensitivity:\n  enabled: false");
        assertThat(text).contains("gradReduce: bf16").contains("enabled: false");
        Path scenario = dir.resolve("software.yaml");
        Files.writeString(scenario, text);
        CliRunner.Result c = CliRunner.run("compare", scenario.toString(), "--json", "--threads", "2");
        assertThat(c.exit()).as(c.err()).isZero();
        JsonNode npo = alternative(JSON.readTree(c.out()), "npo");
        CliRunner.Result t = CliRunner.run(readmeLayoutOnItsFabric(
                "npo",
                "--no-dropout",
                "--grad-reduce",
                "bf16",
                "--attention-kernel",
                "triton",
                "--elementwise",
                "torch_eager",
                "--cross-entropy",
                "te",
                "--no-grad-accumulation-fusion",
                "--json"));
        assertThat(t.exit()).as(t.err()).isZero();
        double step = JSON.readTree(t.out()).get("stepTimeS").asDouble();
        assertThat(npo.get("stepTimeS").asDouble()).isCloseTo(step, within(1e-9 * step));
        // and the keys act: eager ops, the Triton kernel and unfused accumulation cost time over the example's fused
        // run
        assertThat(step)
                .isGreaterThan(1.05
                        * alternative(compare("llama3-405b-16k-gpus.yaml"), "npo")
                                .get("stepTimeS")
                                .asDouble());
    }

    @Test
    void theStepModelsErrorScalesTheStepAndWhatIsBuiltOnItAndNothingElse() throws IOException {
        Path scenario = CompareCommandTest.examples().resolve("npo-vs-cpo-switches-1k.yaml");
        ScenarioFile file = new ScenarioLoader(Evaluators.vocabulary(List.of())).load(scenario);
        ScenarioEvaluator ev = (ScenarioEvaluator) Evaluators.forScenario(file, List.of());
        var s = file.scenario();
        var alt = s.alternative("npo-switches");
        var w = s.workloads().get(0);
        var base = dev.nearlight.explore.compare.ScenarioVariant.of(s);
        var slower = new dev.nearlight.explore.compare.ScenarioVariant(
                s, java.util.Map.of(dev.nearlight.explore.compare.SensitivityParameter.STEP_MODEL, 1.1));
        AlternativeResult b = ev.evaluate(base, alt, w);
        AlternativeResult x = ev.evaluate(slower, alt, w);
        AlternativeResult again = ev.evaluate(base, alt, w);
        assertThat(x.training().stepTimeS()).isCloseTo(1.1 * b.training().stepTimeS(), within(1e-12));
        assertThat(x.training().mfu()).isCloseTo(b.training().mfu() / 1.1, within(1e-12));
        // a 10 % slower step: 10 % more wall time (the failure rate per day is unchanged), energy and GPU time
        assertThat(x.training().timeToTrainDays() / b.training().timeToTrainDays())
                .isBetween(1.09, 1.11);
        assertThat(x.training().energyPerRunMWh() / b.training().energyPerRunMWh())
                .isBetween(1.09, 1.11);
        assertThat(x.cost().costPerModelUsd() / b.cost().costPerModelUsd()).isBetween(1.05, 1.11);
        // the link, the fabric and its capex are not the step model's
        assertThat(x.link()).isEqualTo(b.link());
        assertThat(x.fabric()).isEqualTo(b.fabric());
        assertThat(x.cost().capexUsd()).isEqualTo(b.cost().capexUsd());
        // the evaluator's caches keep the variants apart
        assertThat(again.cost().costPerModelUsd()).isEqualTo(b.cost().costPerModelUsd());
        assertThat(again.training()).isEqualTo(b.training());
    }

    @Test
    void reliabilityEqualsTheReliabilityCommandOnTheSameInventory(@TempDir Path dir) throws IOException {
        // the 1k example with the reliability defaults' 2-minute checkpoint write, so the command's defaults apply
        Path example = CompareCommandTest.examples().resolve("npo-vs-cpo-switches-1k.yaml");
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(
                scenario,
                // the command has no per-technology repair-hour option: both use the defaults' repair times
                Files.readString(example).replace("  repairHours: {npo: 4, cpo: 8}\n", ""));
        CliRunner.Result c = CliRunner.run("compare", scenario.toString(), "--json", "--threads", "2");
        assertThat(c.exit()).as(c.err()).isZero();
        JsonNode compared = JSON.readTree(c.out());
        JsonNode npo = alternative(compared, "npo-switches");

        ScenarioFile file = new ScenarioLoader(Evaluators.vocabulary(List.of())).load(scenario);
        ScenarioEvaluator ev = (ScenarioEvaluator) Evaluators.forScenario(file, List.of());
        FabricInventory inv = ev.fabric("npo-switches").reliabilityInventory();
        // compare measures the slowdown per unit of bandwidth lost on the training step; the command is given it
        ev.evaluate(
                dev.nearlight.explore.compare.ScenarioVariant.of(file.scenario()),
                file.scenario().alternative("npo-switches"),
                file.scenario().workloads().get(0));
        double commBound = ev.commBoundFraction(
                "npo-switches", file.scenario().workloads().get(0).name());
        Path invFile = dir.resolve("inventory.yaml");
        new ObjectMapper(new YAMLFactory()).writeValue(invFile.toFile(), inv);
        // failure-free time to train = tokens / (gbs x seq) steps x step time: 15e12 / (512 x 8192) x step / 86,400
        double tttDays = 15e12 / (512.0 * 8192) * npo.get("stepTimeS").asDouble() / 86_400;
        CliRunner.Result r = CliRunner.run(
                "reliability",
                "--inventory",
                invFile.toString(),
                // no --optics: the inventory's own parts, as compare evaluates the built fabric's
                "--mode",
                "montecarlo",
                "--replications",
                "500",
                "--seed",
                "7",
                "--years",
                "5",
                "--checkpoint-min",
                "20",
                // the example's spareNodesPercent: 2 of 128 nodes
                "--spare-nodes",
                "2",
                "--ttt-days",
                Double.toString(tttDays),
                "--comm-bound-fraction",
                Double.toString(commBound),
                // and the slowdown of a dark fabric cable it simulated (none here: the rail rings stay on their leaf)
                "--fabric-link-loss",
                Double.toString(npo.get("fabricLinkDownStepLoss").asDouble()),
                "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode rel = JSON.readTree(r.out()).get("alternatives").get(0);
        assertThat(rel.get("optics").asText()).isEqualTo("inventory");
        assertThat(npo.get("gpuHoursLostPerYear").asDouble())
                .isCloseTo(rel.get("gpuHoursLostPerYear").asDouble(), withinPercentage(1e-6));
        assertThat(npo.get("availability").asDouble())
                .isCloseTo(rel.get("jobAvailability").asDouble(), within(1e-9));
        // the fabric TCO charges the fabric's share of reliability's repairs: its labour is part of reliability's, its
        // parts at most reliability's parts (only the part-swap share of failures consumes one)
        double partsNpv = 0;
        double labourNpv = 0;
        for (JsonNode a : compared.get("alternatives")) {
            if (a.get("name").asText().equals("npo-switches")) {
                for (JsonNode w : a.get("charts").get("tcoWaterfallUsd")) {
                    switch (w.get("name").asText()) {
                        case "Fabric repair parts (NPV)" ->
                            partsNpv = w.get("value").asDouble();
                        case "Fabric repair labour (NPV)" ->
                            labourNpv = w.get("value").asDouble();
                        default -> {}
                    }
                }
            }
        }
        double labour = rel.get("repairLabourUsdPerYear").asDouble();
        double parts = rel.get("repairCostUsdPerYear").asDouble() - labour;
        double annuity = (1 - Math.pow(1.08, -5)) / 0.08;
        assertThat(labourNpv).isPositive();
        assertThat(labourNpv / annuity).isLessThan(labour);
        assertThat(partsNpv / annuity).isPositive().isLessThan(parts);
    }

    @Test
    void theSimulatedFabricFaultSlowdownIsOneFigureInCompareAndReliability(@TempDir Path dir) throws IOException {
        // the 1k example on a 3:1 oversubscribed (not rail-optimised) fat tree: each leaf's data-parallel rings leave
        // it over 16 uplinks, so one cable down slows the reduce-scatter (on the rail fabric it never leaves a leaf)
        Path example = CompareCommandTest.examples().resolve("npo-vs-cpo-switches-1k.yaml");
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(
                scenario,
                Files.readString(example)
                        .replace("  repairHours: {npo: 4, cpo: 8}\n", "")
                        .replace("topology: rail-fat-tree", "topology: fat-tree")
                        .replace("switchRadix: 64\n", "switchRadix: 64\n    oversubscription: 3\n"));
        CliRunner.Result c = CliRunner.run("compare", scenario.toString(), "--json", "--threads", "2");
        assertThat(c.exit()).as(c.err()).isZero();
        JsonNode npo = alternative(JSON.readTree(c.out()), "npo-switches");
        double printed = npo.get("fabricLinkDownStepLoss").asDouble();

        ScenarioFile file = new ScenarioLoader(Evaluators.vocabulary(List.of())).load(scenario);
        ScenarioEvaluator ev = (ScenarioEvaluator) Evaluators.forScenario(file, List.of());
        var fault = ev.fabricFaultSlowdown(
                        "npo-switches", file.scenario().workloads().get(0).name())
                .orElseThrow();
        // compare prints the cluster model's one figure: the flow model's R through the step model's exposure
        assertThat(fault.ratio()).isGreaterThan(1.05);
        assertThat(fault.stepLossFraction()).isPositive();
        assertThat(fault.stepLossFraction())
                .isGreaterThanOrEqualTo((fault.ratio() - 1) * fault.exposedDpFraction() - 1e-12);
        assertThat(printed).isEqualTo(fault.stepLossFraction());

        ev.evaluate(
                dev.nearlight.explore.compare.ScenarioVariant.of(file.scenario()),
                file.scenario().alternative("npo-switches"),
                file.scenario().workloads().get(0));
        double commBound = ev.commBoundFraction(
                "npo-switches", file.scenario().workloads().get(0).name());
        Path invFile = dir.resolve("inventory.yaml");
        new ObjectMapper(new YAMLFactory())
                .writeValue(invFile.toFile(), ev.fabric("npo-switches").reliabilityInventory());
        double tttDays = 15e12 / (512.0 * 8192) * npo.get("stepTimeS").asDouble() / 86_400;
        List<String> args = new java.util.ArrayList<>(List.of(
                "reliability",
                "--inventory",
                invFile.toString(),
                "--mode",
                "montecarlo",
                "--replications",
                "500",
                "--seed",
                "7",
                "--years",
                "5",
                "--checkpoint-min",
                "20",
                "--spare-nodes",
                "2",
                "--ttt-days",
                Double.toString(tttDays),
                "--comm-bound-fraction",
                Double.toString(commBound),
                "--json"));
        CliRunner.Result rule = CliRunner.run(args.toArray(String[]::new));
        assertThat(rule.exit()).as(rule.err()).isZero();
        args.add("--fabric-link-loss");
        args.add(Double.toString(printed));
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("job").get("fabricLinkDownStepLoss").asDouble()).isEqualTo(printed);
        assertThat(JSON.readTree(rule.out())
                        .get("job")
                        .get("fabricLinkDownStepLossSource")
                        .asText())
                .contains("no training job");
        JsonNode rel = doc.get("alternatives").get(0);
        // the same figure charged the same way: the same lost GPU-hours and availability as compare
        assertThat(npo.get("gpuHoursLostPerYear").asDouble())
                .isCloseTo(rel.get("gpuHoursLostPerYear").asDouble(), withinPercentage(1e-6));
        assertThat(npo.get("availability").asDouble())
                .isCloseTo(rel.get("jobAvailability").asDouble(), within(1e-9));
        // and it matters: the default rule (commBoundFraction x 1/16 per dark uplink) charges other degraded hours
        double degradedRule = JSON.readTree(rule.out())
                .get("alternatives")
                .get(0)
                .get("gpuHoursLostPerYearBreakdown")
                .get("degraded")
                .asDouble();
        double degraded =
                rel.get("gpuHoursLostPerYearBreakdown").get("degraded").asDouble();
        assertThat(degraded).isPositive().isNotCloseTo(degradedRule, withinPercentage(1));
    }

    @Test
    void aCatalogueOverrideOfTheGpuPowerReachesTheEnergy(@TempDir Path dir) throws IOException {
        // the 1k example's H100s re-rated to 1,000 W (everything else as the catalogue): the step time stays, and the
        // energy per run grows by the GPUs' extra draw: 1,024 x 300 W x (their average fraction of TDP while the job
        // runs, between the step model's waiting 0.35 and busy 0.9) x busy hours x PUE; idle draw during downtime
        // and the node platform do not depend on the TDP
        Path cat = TestCatalogues.h100(dir, "h100-1kw.yaml", "H100 at 1 kW", 1000, 3600);
        JsonNode base = alternative(compare("npo-vs-cpo-switches-1k.yaml"), "npo-switches");
        CliRunner.Result r = CliRunner.run(
                "compare",
                CompareCommandTest.examples()
                        .resolve("npo-vs-cpo-switches-1k.yaml")
                        .toString(),
                "--catalogue",
                cat.toString(),
                "--json",
                "--threads",
                "2");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode hot = alternative(JSON.readTree(r.out()), "npo-switches");
        assertThat(hot.get("stepTimeS").asDouble())
                .isEqualTo(base.get("stepTimeS").asDouble());
        assertThat(hot.get("timeToTrainDays").asDouble())
                .isEqualTo(base.get("timeToTrainDays").asDouble());
        double wallMWhPer300W = 1024 * 300.0 * hot.get("timeToTrainDays").asDouble() * 24 * 1.25 / 1e6;
        double extra = hot.get("energyPerRunMWh").asDouble()
                - base.get("energyPerRunMWh").asDouble();
        double busyShare = hot.get("availability").asDouble();
        assertThat(extra / wallMWhPer300W).isBetween(0.35 * busyShare, 0.9);
    }

    @Test
    void aWorkloadThatDoesNotFitInMemoryIsALocatedError(@TempDir Path dir) throws IOException {
        Path scenario = dir.resolve("s.yaml");
        String text = Files.readString(CompareCommandTest.examples().resolve("llama3-405b-16k-gpus.yaml"))
                .replace("dpSharding: zero2", "dpSharding: zero1");
        Files.writeString(scenario, text);
        CliRunner.Result r = CliRunner.run("compare", scenario.toString());
        assertThat(r.exit()).isEqualTo(2);
        int line = text.lines().toList().indexOf("  - name: llama3-405b") + 1;
        assertThat(r.err().lines().filter(l -> l.startsWith("error: ")).toList())
                .singleElement()
                .asString()
                .startsWith("error: " + scenario + ":" + line + ":")
                .contains("workloads[0]: memory: the given layout needs")
                .contains("but h100 has 80.0 GiB (over by")
                .endsWith("or let search: true choose a layout that fits)");
    }

    @Test
    void topologiesTheReliabilityInventoryCannotHoldAreALocatedError(@TempDir Path dir) throws IOException {
        Path scenario = dir.resolve("s.yaml");
        String text = Files.readString(CompareCommandTest.examples().resolve("npo-vs-cpo-switches-1k.yaml"))
                .replace("topology: rail-fat-tree", "topology: dragonfly")
                .replace("    tiers: 2\n", "");
        Files.writeString(scenario, text);
        CliRunner.Result r = CliRunner.run("compare", scenario.toString());
        assertThat(r.exit()).isEqualTo(2);
        int line = text.lines().toList().indexOf("    topology: dragonfly") + 1;
        assertThat(r.err())
                .contains("error: " + scenario + ":" + line + ":")
                .contains("cluster.fabric.topology: 'dragonfly' is not supported by compare yet");
    }

    @Test
    void theVocabularyIsWhatTheModelsAccept() {
        var v = Evaluators.vocabulary(List.of());
        assertThat(v.gpus())
                .containsExactlyInAnyOrderElementsOf(AcceleratorCatalog.load().ids());
        assertThat(v.models()).containsExactlyInAnyOrderElementsOf(ModelSpec.presetIds());
        CatalogueLinkEvaluator links = new CatalogueLinkEvaluator(Catalogue.defaults());
        // short names and ids the fabric resolves, plus the scenario alias pluggable-fr; no PCIe technologies
        assertThat(v.optics())
                .contains("pluggable", "lpo", "lro", "npo", "cpo", "dac", "aec", "pluggable-dsp-fr", "pluggable-fr")
                .noneMatch(id -> id.startsWith("pcie"));
        for (String id : v.optics()) {
            String name = id.equals("pluggable-fr") ? "pluggable-dsp-fr" : id;
            assertThat(dev.nearlight.fabric.link.Technologies.resolve(name, links, "optics"))
                    .isNotBlank();
        }
    }
}
