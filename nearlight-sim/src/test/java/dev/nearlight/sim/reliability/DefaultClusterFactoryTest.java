package dev.nearlight.sim.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.nearlight.core.InputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultClusterFactoryTest {
    private static final DefaultClusterFactory FACTORY = DefaultClusterFactory.standard();

    @Test
    void everyDefaultHasARangeAUnitAndASource() {
        ReliabilityDefaults d = FACTORY.defaults();
        assertThat(d.technologyIds())
                .containsExactly(
                        "pluggable", "lpo", "lro", "npo", "npo-switch", "npo-els", "cpo", "cpo-switch", "copper");
        d.flaps().values().forEach(fl -> {
            assertThat(fl.rate().source()).isNotBlank();
            assertThat(fl.meanDuration().source()).isNotBlank();
        });
        assertThat(d.common()).isNotEmpty();
        d.technologies()
                .values()
                .forEach(t -> t.params().values().forEach(p -> {
                    assertThat(p.min()).isLessThanOrEqualTo(p.value());
                    assertThat(p.source()).isNotBlank();
                }));
    }

    @Test
    void theLinkModelsLaserFitAtTemperatureIsTheReliabilityInput() {
        // pluggable -> catalogue pluggable-dsp-dr-1.6t, air, default inlet 35 C, ASIC 1000 W, host trace 230 mm.
        // laser dfb-internal: 12 dBm = 15.849 mW / 0.08 wall-plug = 0.198112 W each; 8 lasers = 1.584893 W
        // end power = DSP 12.5 + analog 13.92 + lasers 1.584893 = 28.004893 W
        // case = 35 + 1.0 K/W * 28.004893 + 0.03 K/W * 1000 W * exp(-230/40) = 35 + 28.004893 + 0.095484 = 63.100377 C
        // laser = case + 5 K = 68.100377 C ; AF(55 -> 68.1 C, 0.5 eV) = exp(5802.27 * (1/328.15 - 1/341.250377))
        //       = 1.971491 ; laser FIT = 50 * 1.971491 = 98.5745
        OpticsFacts f = FACTORY.opticsFacts("pluggable", Sensitivity.NONE);
        assertThat(f.technologyId()).isEqualTo("pluggable-dsp-dr-1.6t");
        assertThat(f.engineTempC()).isCloseTo(63.100377, within(1e-5));
        assertThat(f.laserTempC()).isCloseTo(68.100377, within(1e-5));
        assertThat(f.laserFit()).isCloseTo(98.5745, within(1e-3));
        assertThat(f.lasersPerPort()).isEqualTo(8);
        assertThat(f.endElectronicsFit()).isCloseTo(600, within(1e-9));
        assertThat(f.mttrH()).isEqualTo(0.25);
        // module rate = (600 + 8 * 98.5745) FIT = 1388.596 FIT = 1.388596e-6 /h
        FabricInventory inv = TestInventories.railFatTree(2048, 8, 64, 2);
        JobSpec job = FACTORY.defaultJob(inv, 0.5, false);
        ComponentPopulation base = population(FACTORY.build("pluggable", inv, job, Sensitivity.NONE), "leaf-spine");
        assertThat(base.count()).isEqualTo(2 * 2048);
        assertThat(base.failure().ratePerHour()).isCloseTo(1388.596e-9, within(1e-12));
        assertThat(base.repair().repairTime().meanHours()).isCloseTo(0.25, within(1e-9));
        // laser FIT x4: (600 + 8 * 394.298) FIT = 3754.385 FIT
        ComponentPopulation x4 =
                population(FACTORY.build("pluggable", inv, job, new Sensitivity(4, 0, 1)), "leaf-spine");
        assertThat(x4.failure().ratePerHour()).isCloseTo(3754.385e-9, within(1e-12));
        // +15 C coolant: case 78.100377, laser 83.100377 C, AF = 4.033774, FIT 201.6887 -> (600 + 8 * 201.6887) FIT
        OpticsFacts hotFacts = FACTORY.opticsFacts("pluggable", new Sensitivity(1, 15, 1));
        assertThat(hotFacts.coolantC()).isEqualTo(50.0);
        assertThat(hotFacts.laserFit()).isCloseTo(201.6887, within(1e-3));
        ComponentPopulation hot =
                population(FACTORY.build("pluggable", inv, job, new Sensitivity(1, 15, 1)), "leaf-spine");
        assertThat(hot.failure().ratePerHour()).isCloseTo(2213.509e-9, within(1e-12));
    }

    @Test
    void drainsComeFromTheLinkModelsOpticalMarginErodedByAgeing() {
        // pluggable-dsp-dr-1.6t at 35 C inlet: laser 68.100377 C, AF(55 -> 68.1 C, 0.5 eV) = 1.971491 (test above);
        // the link model's optical budget margin of the DR link is 2.075 dB
        OpticsFacts f = FACTORY.opticsFacts("pluggable", Sensitivity.NONE);
        assertThat(f.laserAgeingFactor()).isCloseTo(1.971491, within(1e-5));
        assertThat(f.opticalMarginDb()).isCloseTo(2.075, within(1e-9));
        // defaults: warning at 1 dB of erosion, 1 dB per 1000 h at 55 C, 24 h to act.
        // lead = (2.075 - 1) dB / (1e-3 dB/h x 1.971491) = 545.2727 h ; P(in time) = exp(-24 / 545.2727) = 0.956940
        assertThat(f.warningLeadHours(1.0, 1e-3)).isCloseTo(545.2727, within(1e-3));
        // laser share = 8 x 98.5745 / 1388.596 = 0.567903 ; x gradual 0.5 x 0.956940 = 0.271727
        double share = 8 * 98.5745 / 1388.596 * 0.5 * Math.exp(-24 / 545.2727);
        FabricInventory inv = TestInventories.railFatTree(2048, 8, 64, 2);
        ComponentPopulation modules = population(
                FACTORY.build("pluggable", inv, FACTORY.defaultJob(inv, 0.5, false), Sensitivity.NONE), "leaf-spine");
        assertThat(modules.drainableFraction()).isCloseTo(share, within(1e-5));
        // more margin: a longer warning and more drains; a margin under the warning threshold: no drain at all
        OpticsFacts roomy = withMargin(f, 3.0);
        OpticsFacts tight = withMargin(f, 0.8);
        assertThat(roomy.drainableShare(0.5, 1.0, 1e-3, 24)).isGreaterThan(f.drainableShare(0.5, 1.0, 1e-3, 24));
        assertThat(tight.drainableShare(0.5, 1.0, 1e-3, 24)).isZero();
        // a hotter link erodes faster: +15 C coolant raises the laser's ageing factor and shortens the warning
        OpticsFacts hot = FACTORY.opticsFacts("pluggable", new Sensitivity(1, 15, 1));
        assertThat(hot.laserAgeingFactor()).isCloseTo(4.033774, within(1e-5));
        assertThat(hot.warningLeadHours(1.0, 1e-3)).isCloseTo(1.075 / (1e-3 * 4.033774), within(1e-3));
        assertThat(hot.warnedInTime(1.0, 1e-3, 24)).isLessThan(f.warnedInTime(1.0, 1e-3, 24));
    }

    private static OpticsFacts withMargin(OpticsFacts f, double marginDb) {
        return new OpticsFacts(
                f.technologyId(),
                f.coolantC(),
                f.engineTempC(),
                f.laserTempC(),
                f.laserFit(),
                f.lasersPerPort(),
                f.endElectronicsFit(),
                f.portsPerLaserSource(),
                f.fru(),
                f.hotSwap(),
                f.mttrH(),
                f.endCostUsd(),
                marginDb,
                f.laserAgeingFactor());
    }

    @Test
    void engineRepairOverridesWinOverTheCatalogueMttr() {
        ReliabilityDefaults d = FACTORY.defaults();
        java.util.Map<String, ReliabilityDefaults.Technology> techs = new java.util.LinkedHashMap<>(d.technologies());
        ReliabilityDefaults.Technology npo = techs.get("npo");
        java.util.Map<String, dev.nearlight.core.catalogue.Param> params = new java.util.LinkedHashMap<>(npo.params());
        params.put(
                "engineRepairHours",
                new dev.nearlight.core.catalogue.Param(
                        6, 6, 6, "h", "test override", dev.nearlight.core.catalogue.Confidence.LOW));
        techs.put("npo", new ReliabilityDefaults.Technology(npo.label(), npo.kind(), npo.catalogue(), params));
        DefaultClusterFactory f =
                new DefaultClusterFactory(new ReliabilityDefaults(d.common(), d.job(), techs, d.flaps(), d.policies()));
        assertThat(f.catalogueFor("npo")).isEqualTo("npo");
        assertThat(f.opticsFacts("npo", Sensitivity.NONE).technologyId()).isEqualTo("npo-1.6t");
        FabricInventory inv = TestInventories.railFatTree(2048, 8, 64, 2);
        JobSpec job = f.defaultJob(inv, 0.5, false);
        // catalogue npo-1.6t MTTR is 4 h; the override makes it 6 h
        assertThat(population(FACTORY.build("npo", inv, job, Sensitivity.NONE), "NIC-side NPO engines")
                        .repair()
                        .repairTime()
                        .meanHours())
                .isEqualTo(4.0);
        assertThat(population(f.build("npo", inv, job, Sensitivity.NONE), "NIC-side NPO engines")
                        .repair()
                        .repairTime()
                        .meanHours())
                .isEqualTo(6.0);
    }

    @Test
    void expectedFailuresOfThe16kPluggableClusterByHand() {
        FabricInventory inv = TestInventories.railFatTree(16384, 8, 64, 3);
        ClusterReliabilityModel m =
                FACTORY.build("pluggable", inv, FACTORY.defaultJob(inv, null, false), Sensitivity.NONE);
        ReliabilityResult r = new AnalyticalReliability().estimate(m, 5);
        // GPUs 16384 * 11.06 % = 1812.0704 ; NICs 16384 * 0.29 % = 47.5136 ; node parts 2048 * 15.18 % = 310.8864
        // software 1.167 * 365 = 425.955 ; switches (512 + 512 + 256) * 2 % = 25.6
        // modules 2 * 3 * 16384 * 1388.596 FIT * 8760 h = 1195.82 (FIT from the link model, see the test above)
        // fibre cords (patch cord and connectors) 3 * 16384 optical links * 0.3 % = 147.456
        // flaps 3 * 16384 links * 0.1 per link-year = 4915.2
        double modules = 2 * 3 * 16384 * 1388.596e-9 * 8760;
        assertThat(r.failuresPerYear().mean())
                .isCloseTo(1812.0704 + 47.5136 + 310.8864 + 425.955 + 25.6 + modules + 147.456 + 4915.2, within(0.01));
        ComponentPopulation cords = population(m, "leaf-spine fibre cords");
        assertThat(cords.count()).isEqualTo(16384);
        assertThat(cords.repair().fru()).isEqualTo(Fru.FIBRE_CORD);
        assertThat(cords.fault()).isEqualTo(Effect.path(1.0 / 32));
        // job: 2048 - floor(20.48) = 2028 nodes -> 16224 GPUs
        assertThat(m.job().gpus()).isEqualTo(16224);
    }

    @Test
    void partsFollowTheTechnologyAndFailuresTheirGranularity() {
        FabricInventory inv = TestInventories.railFatTree(2048, 8, 64, 2);
        JobSpec job = FACTORY.defaultJob(inv, 0.5, false);
        // CPO at 1.6T: a 6.4T engine serves 4 ports, a 64-port leaf has 16 engines; 32 host ports -> 8 face down
        FabricInventory cpoInv = FACTORY.withOptics(inv, "cpo");
        assertThat(cpoInv.switchTiers().get(0).enginesPerSwitch()).isEqualTo(16);
        assertThat(cpoInv.switchTiers().get(0).portsPerEngine()).isEqualTo(4);
        ClusterReliabilityModel cpo = FACTORY.build("cpo", inv, job, Sensitivity.NONE);
        ComponentPopulation leafEngines = population(cpo, "leaf CPO engines (down)");
        assertThat(leafEngines.count()).isEqualTo(64 * 8);
        assertThat(leafEngines.repair().fru()).isEqualTo(Fru.SWITCH);
        // an engine darkens its 4 ports: one rail of 4 nodes; its replacement is a switch swap: one rail of 32 nodes
        assertThat(leafEngines.fault()).isEqualTo(Effect.rails(4));
        assertThat(leafEngines.service()).isEqualTo(Effect.rails(32));
        ComponentPopulation els = population(cpo, "spine laser sources");
        assertThat(els.repair().hotSwap()).isTrue();
        assertThat(els.fabricPath()).isTrue();
        assertThat(els.service()).isEqualTo(Effect.NONE);
        ClusterReliabilityModel cpoSwitch = FACTORY.build("cpo-switch", inv, job, Sensitivity.NONE);
        assertThat(cpoSwitch.populations()).noneMatch(p -> p.name().startsWith("NIC-side CPO"));
        ComponentPopulation hostModules = population(cpoSwitch, "nic-leaf NIC-side pluggable-dsp-dr modules");
        assertThat(hostModules.count()).isEqualTo(2048);
        assertThat(hostModules.fault()).isEqualTo(Effect.rails(1));
        ClusterReliabilityModel npo = FACTORY.build("npo", inv, job, Sensitivity.NONE);
        ComponentPopulation host = population(npo, "NIC-side NPO engines");
        assertThat(host.blastRadius()).isEqualTo(BlastRadius.NODE);
        assertThat(host.gpusDown()).isEqualTo(8);
        assertThat(host.count()).isEqualTo(256 * 2);
        // copper is one cable per link with the catalogue's two cable ends, not two modules
        ClusterReliabilityModel copper = FACTORY.build("copper", inv, job, Sensitivity.NONE);
        ComponentPopulation cables = population(copper, "nic-leaf aec cables");
        assertThat(cables.count()).isEqualTo(2048);
        assertThat(cables.repair().fru()).isEqualTo(Fru.CABLE);
        assertThat(cables.failure().ratePerHour()).isCloseTo(2 * 570e-9, within(1e-15));
    }

    @Test
    void aPortLevelFailureOnALeafCostsOneRailNotTheSwitch() {
        FabricInventory inv = TestInventories.railFatTree(2048, 8, 64, 2);
        JobPolicy degrade = FACTORY.defaultPolicy().withRailLoss(JobPolicy.RailLoss.DEGRADE);
        JobSpec job = FACTORY.defaultJob(inv, 0.5, true).withPolicy(degrade);
        ClusterReliabilityModel m = FACTORY.build("pluggable", inv, job, Sensitivity.NONE);
        ComponentPopulation hostModules = population(m, "nic-leaf pluggable-dsp-dr modules");
        ComponentPopulation leaves = population(m, "leaf switches");
        assertThat(hostModules.fault()).isEqualTo(Effect.rails(1));
        assertThat(leaves.fault()).isEqualTo(Effect.rails(32));
        // degraded running: a module failure on a leaf port slows the job by commBound / rails while it is dark and
        // never interrupts it; degraded GPU-hours of the module population alone, by hand: failures x dark hours x
        // 0.3 / 8 x job GPUs
        ClusterReliabilityModel only = new ClusterReliabilityModel(
                "one",
                m.clusterGpus(),
                m.gpusPerNode(),
                m.fabricLinks(),
                java.util.List.of(hostModules),
                m.serviceTeam(),
                job,
                8);
        ReliabilityResult r = new AnalyticalReliability().estimate(only, 1);
        assertThat(r.interruptionsPerDay().mean()).isZero();
        double failures = hostModules.expectedFailures(8760);
        RepairTime rt = hostModules.repair().repairTime();
        double down = rt.meanHours()
                + AnalyticalReliability.meanPartDelayHours(hostModules, 8760)
                + AnalyticalReliability.mgcWaitHours(4, failures / 8760, rt.meanHours(), rt.secondMomentHours2());
        // concurrent slowdowns compound (JobTimeAccounting): the job keeps e^(-x) of its speed, x = slowdown-hours / T
        double x = failures * down * 0.3 / 8 / 8760;
        assertThat(r.degradedGpuHoursPerYear().mean())
                .isCloseTo(job.gpus() * 8760 * -Math.expm1(-x), within(1e-6 * job.gpus()));
        assertThat(r.degradedGpuHoursPerYear().mean())
                .isCloseTo(job.gpus() * failures * down * 0.3 / 8, withinPercentage(0.1));
        // swap-node: the same failure is one node's interruption (unless the node is a spare), never a leaf's 32
        ClusterReliabilityModel swap = only.withJob(job.withPolicy(degrade.withRailLoss(JobPolicy.RailLoss.SWAP_NODE)));
        ReliabilityResult s = new AnalyticalReliability().estimate(swap, 1);
        double exposure = 1 - 2.0 / 256; // 2 spare nodes of 256
        // drains before failure (default on) turn the announced laser wear-out share into planned stops
        double drained = hostModules.drainableFraction();
        assertThat(drained).isGreaterThan(0);
        assertThat(s.interruptionsPerDay().mean()).isCloseTo(failures * exposure * (1 - drained) / 365, within(1e-12));
        assertThat(s.plannedInterruptionsPerDay().mean()).isCloseTo(failures * exposure * drained / 365, within(1e-12));
        assertThat(s.waitingGpuHoursPerYear().mean()).isZero();
    }

    @Test
    void unknownOpticsNamesTheClosestIds() {
        FabricInventory inv = TestInventories.railFatTree(2048, 8, 64, 2);
        JobSpec job = FACTORY.defaultJob(inv, 0.5, false);
        assertThatThrownBy(() -> FACTORY.build("cop", inv, job, Sensitivity.NONE))
                .isInstanceOf(InputException.class)
                .hasMessage(
                        "--optics 'cop' unknown: use one of pluggable, lpo, lro, npo, npo-switch, npo-els, cpo, cpo-switch,"
                                + " copper"
                                + " (closest: cpo)");
    }

    @Test
    void malformedDefaultsNameTheLine() {
        String yaml = "common:\n  a: {value: 5, min: 6, max: 7, unit: h, source: x, confidence: low}\n"
                + "job: {}\ntechnologies: {}\n";
        assertThatThrownBy(() -> ReliabilityDefaults.parse(
                        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "bad.yaml"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("bad.yaml line 2")
                .hasMessageContaining("value 5.0 outside [6.0, 7.0] (widen the range or fix the value)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pluggable", "npo", "cpo", "copper"})
    void analyticalAgreesWithMonteCarloOnTheDefaults(String optics) {
        FabricInventory inv = TestInventories.railFatTree(2048, 8, 64, 2);
        ClusterReliabilityModel m = FACTORY.build(optics, inv, FACTORY.defaultJob(inv, null, false), Sensitivity.NONE);
        ReliabilityResult mc = new MonteCarloReliability(300, 99).estimate(m, 5);
        ReliabilityResult an = new AnalyticalReliability().estimate(m, 5);
        assertAgree(optics + " failures", mc.failuresPerYear(), an.failuresPerYear());
        assertAgree(optics + " interruptions", mc.interruptionsPerDay(), an.interruptionsPerDay());
        assertAgree(optics + " lost", mc.gpuHoursLostPerYear(), an.gpuHoursLostPerYear());
        assertAgree(optics + " waiting", mc.waitingGpuHoursPerYear(), an.waitingGpuHoursPerYear());
        assertAgree(optics + " cost", mc.repairCostUsdPerYear(), an.repairCostUsdPerYear());
        assertAgree(optics + " fabric", mc.fabricAvailability(), an.fabricAvailability());
        assertAgree(optics + " job", mc.jobAvailability(), an.jobAvailability());
        assertAgree(optics + " ttt", mc.effectiveTimeToTrainDays(), an.effectiveTimeToTrainDays());
    }

    /**
     * 32 metric checks at 95 % would fail about 1.6 times by chance, so this battery widens each 95 % interval to
     * 99.9 % (Bonferroni over 32 checks: z 3.29 instead of 1.97). With seed 99 and 300 replications the copper fabric
     * availability is 2.0 sigma out; with 3000 replications seeds 1, 2, 3 and 99 all contain the analytical value.
     */
    private static void assertAgree(String what, Estimate mc, Estimate an) {
        double slack = mc.halfWidth() * (3.29 / 1.97 - 1);
        assertThat(mc.contains(an.mean(), slack))
                .as("%s: MC %s vs analytical %s", what, mc, an.mean())
                .isTrue();
    }

    private static ComponentPopulation population(ClusterReliabilityModel m, String prefix) {
        return m.populations().stream()
                .filter(p -> p.name().startsWith(prefix))
                .findFirst()
                .orElseThrow();
    }
}
