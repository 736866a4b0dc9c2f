package dev.nearlight.sim.reliability;

import java.util.List;

/** Small hand-checkable cluster models for the reliability tests. */
final class TestModels {
    private TestModels() {}

    static JobSpec job(int gpus, Double intervalH) {
        return new JobSpec(gpus, intervalH, 0.1, 0.25, false, 0.3, 30);
    }

    static ComponentPopulation links(String name, long count, double afrPercent, RepairPolicy repair) {
        return new ComponentPopulation(
                name, count, FailureProcess.ofAfrPercent(afrPercent), repair, BlastRadius.LINK, 1, 0, true, 1.0 / 32);
    }

    static ComponentPopulation nodes(String name, long count, double afrPercent, RepairPolicy repair, int gpus) {
        return new ComponentPopulation(
                name, count, FailureProcess.ofAfrPercent(afrPercent), repair, BlastRadius.NODE, gpus, gpus, false, 0);
    }

    static RepairPolicy repair(Fru fru, RepairTime time, int spares, double leadH, double cost) {
        return new RepairPolicy(fru, true, time, spares, leadH, cost);
    }

    /**
     * 1024 GPUs in 128 nodes: 2048 hot-swap modules, 128 node parts (8 GPUs each), a Weibull infant-mortality
     * population of 64 switches, software faults; 16 spare nodes; ample technicians.
     */
    static ClusterReliabilityModel small(int technicians) {
        RepairPolicy module = repair(Fru.MODULE, RepairTime.lognormal(0.25, 0.5), 4, 72, 2000);
        RepairPolicy tray = repair(Fru.GPU_TRAY, RepairTime.exponential(8), 2, 240, 30000);
        RepairPolicy sw = new RepairPolicy(Fru.SWITCH, false, RepairTime.lognormal(8, 0.7), 1, 336, 250000);
        ComponentPopulation switches = new ComponentPopulation(
                "switches",
                64,
                new FailureProcess(Rates.perHourFromAfrPercent(2), new FailureProcess.Weibull(0.5, 2.0e6)),
                sw,
                BlastRadius.SWITCH,
                64,
                0,
                true,
                1.0 / 32);
        ComponentPopulation software = new ComponentPopulation(
                "software",
                1,
                new FailureProcess(1.0 / 240, null),
                RepairPolicy.restartOnly(),
                BlastRadius.NONE,
                0,
                0,
                false,
                0);
        return new ClusterReliabilityModel(
                "small",
                1024,
                8,
                3072,
                List.of(
                        links("modules", 2048, 1.0, module),
                        nodes("gpu trays", 128, 10.0, tray, 8),
                        switches,
                        software),
                new ServiceTeam(technicians, 150),
                job(896, 0.5));
    }

    /**
     * 100 link units at 0.05 failures/h with 1 h repairs and 2 technicians: an offered repair load of 2.5 technicians
     * per technician, a saturated queue (hand-derived wait 29 h in AnalyticalReliabilityTest).
     */
    static ClusterReliabilityModel overloadedRepairQueue() {
        ComponentPopulation busy = new ComponentPopulation(
                "busy",
                100,
                new FailureProcess(0.05, null),
                repair(Fru.MODULE, RepairTime.exponential(1), 0, 0, 0),
                BlastRadius.LINK,
                1,
                0,
                true,
                0.01);
        return new ClusterReliabilityModel("busy", 8, 8, 100, List.of(busy), new ServiceTeam(2, 0), job(8, 1.0));
    }
}
