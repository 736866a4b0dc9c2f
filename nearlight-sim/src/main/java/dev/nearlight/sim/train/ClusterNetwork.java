package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.PhysicalUnit;

/**
 * The network figures the step model needs: the scale-up domain (NVLink) and the per-GPU scale-out share (NICs x
 * rate), latencies, the achievable fraction of line rate for each, and the fat-tree shape used for latency and the
 * energy roll-up. This is the seam to the fabric module: a fabric spec can be reduced to these numbers.
 *
 * @param scaleUpDomainGpus GPUs per scale-up domain (node or NVL72 rack)
 * @param scaleUpBytesPerS per-GPU scale-up bandwidth per direction in bytes/s (line rate)
 * @param scaleUpLatencyS per-step latency of a scale-up collective in s
 * @param scaleUpEfficiency achievable fraction of the scale-up line rate (bus bandwidth)
 * @param nicsPerGpu scale-out NICs per GPU
 * @param nicRateGbps line rate of one NIC in Gb/s
 * @param scaleOutEfficiency achievable fraction of the NIC line rate
 * @param endpointLatencyS NIC/host latency per message in s
 * @param hopLatencyS latency of one switch hop in s
 * @param tiers fat-tree tiers of the scale-out fabric (0 = smallest that fits)
 * @param switchRadix ports per scale-out switch
 */
public record ClusterNetwork(
        int scaleUpDomainGpus,
        double scaleUpBytesPerS,
        double scaleUpLatencyS,
        double scaleUpEfficiency,
        double nicsPerGpu,
        double nicRateGbps,
        double scaleOutEfficiency,
        double endpointLatencyS,
        double hopLatencyS,
        int tiers,
        int switchRadix) {

    /** Bus-bandwidth fraction of NVLink4 ring all-reduce: 370 of 450 GB/s (nccl-tests #212, shared CSV). */
    public static final double DEFAULT_SCALE_UP_EFFICIENCY = 0.82;
    /** Bus-bandwidth fraction of one 400G NDR NIC: 46-48 of 50 GB/s (nccl-tests #290, shared CSV). */
    public static final double DEFAULT_SCALE_OUT_EFFICIENCY = 0.94;

    /** Fewest scale-out NICs per GPU a cluster can have: one NIC shared by 64 GPUs. */
    public static final double MIN_NICS_PER_GPU = 1.0 / 64;
    /** Most scale-out NICs per GPU. */
    public static final double MAX_NICS_PER_GPU = 64;

    public ClusterNetwork {
        if (scaleUpDomainGpus <= 0) {
            throw new InputException("scale-up-domain: " + scaleUpDomainGpus + " must be positive");
        }
        if (!(scaleUpBytesPerS > 0) || !(nicRateGbps > 0) || !(nicsPerGpu > 0)) {
            throw new InputException("network: scale-up bandwidth, NIC rate and NICs per GPU must be positive");
        }
        // what a part can physically have (PhysicalUnit, as the catalogue): a 1e-300 NIC or Gb/s divides into Infinity
        PhysicalUnit gbps = PhysicalUnit.of("Gb/s").orElseThrow();
        String slow = gbps.problem(scaleUpBytesPerS * 8 / 1e9);
        if (slow != null) {
            throw InputException.of("scaleUpBandwidth", slow, "give a scale-up bandwidth per GPU of at least 1 Gb/s");
        }
        String nic = gbps.problem(nicRateGbps);
        if (nic != null) {
            throw InputException.of("rate", "NIC rate " + nic, "give a NIC rate of at least 1 Gb/s");
        }
        if (nicsPerGpu < MIN_NICS_PER_GPU || nicsPerGpu > MAX_NICS_PER_GPU) {
            throw InputException.of(
                    "nicsPerGpu",
                    nicsPerGpu + " NICs per GPU is outside " + MIN_NICS_PER_GPU + " .. " + MAX_NICS_PER_GPU,
                    "give {nicsPerGpu} between " + MIN_NICS_PER_GPU + " (one NIC shared by 64 GPUs) and "
                            + MAX_NICS_PER_GPU);
        }
        if (!(scaleUpEfficiency > 0 && scaleUpEfficiency <= 1)
                || !(scaleOutEfficiency > 0 && scaleOutEfficiency <= 1)) {
            throw new InputException("network: efficiencies must be in (0, 1]");
        }
        if (tiers < 0 || tiers > 4) {
            throw new InputException("tiers: " + tiers + " not in 0..4 (0 = automatic)");
        }
        if (switchRadix < 4 || switchRadix > dev.nearlight.fabric.device.SwitchModel.MAX_RADIX) {
            throw new InputException("switch-radix: " + switchRadix + " must be in 4.."
                    + dev.nearlight.fabric.device.SwitchModel.MAX_RADIX);
        }
    }

    /**
     * A rail-optimised default for {@code acc}: its own scale-up domain and NICs (8 x 400G per H100 node, 8 x 200G per
     * A100 node), 3 us per scale-up step, 2 us endpoint and 0.5 us per switch hop, radix-64 switches.
     */
    public static ClusterNetwork defaultFor(AcceleratorSpec acc) {
        return new ClusterNetwork(
                acc.scaleUpDomainGpus(),
                acc.scaleUpBytesPerSPerDirection(),
                3e-6,
                DEFAULT_SCALE_UP_EFFICIENCY,
                acc.nicsPerGpu(),
                acc.nicRateGbps(),
                DEFAULT_SCALE_OUT_EFFICIENCY,
                2e-6,
                0.5e-6,
                0,
                64);
    }

    /** Per-GPU scale-out line rate in bytes/s: NICs x rate / 8. */
    public double scaleOutBytesPerS() {
        return nicsPerGpu * nicRateGbps * 1e9 / 8.0;
    }

    /** Tiers actually used for {@code ports} scale-out ports: the configured value or the smallest fat tree. */
    public int tiersFor(long ports) {
        if (tiers > 0) {
            return tiers;
        }
        double r = switchRadix;
        if (ports <= r) {
            return 1;
        }
        if (ports <= r * r / 2) {
            return 2;
        }
        if (ports <= r * r * r / 4) {
            return 3;
        }
        return 4;
    }

    /** Scale-out switches of a non-blocking fat tree with {@code ports} endpoint ports: ports (2 tiers - 1) / radix. */
    public long switchesFor(long ports) {
        int t = tiersFor(ports);
        return (long) Math.ceil((double) ports * (2 * t - 1) / switchRadix);
    }

    /** One-way scale-out message latency across the fabric of {@code ports} ports (up and down every tier). */
    public double scaleOutLatencyS(long ports) {
        return endpointLatencyS + hopLatencyS * (2 * tiersFor(ports) - 1);
    }

    /** Same network with other NIC figures (for --nics and --rate). */
    public ClusterNetwork withNics(double nics, double rateGbps) {
        return new ClusterNetwork(
                scaleUpDomainGpus,
                scaleUpBytesPerS,
                scaleUpLatencyS,
                scaleUpEfficiency,
                nics,
                rateGbps,
                scaleOutEfficiency,
                endpointLatencyS,
                hopLatencyS,
                tiers,
                switchRadix);
    }

    /** Same network with another fat-tree shape. */
    public ClusterNetwork withFabric(int newTiers, int radix) {
        return new ClusterNetwork(
                scaleUpDomainGpus,
                scaleUpBytesPerS,
                scaleUpLatencyS,
                scaleUpEfficiency,
                nicsPerGpu,
                nicRateGbps,
                scaleOutEfficiency,
                endpointLatencyS,
                hopLatencyS,
                newTiers,
                radix);
    }
}
