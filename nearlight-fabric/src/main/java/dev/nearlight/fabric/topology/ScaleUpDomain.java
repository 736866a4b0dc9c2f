package dev.nearlight.fabric.topology;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.PhysicalUnit;
import dev.nearlight.fabric.FabricBuilder;
import dev.nearlight.fabric.LinkClass;
import dev.nearlight.fabric.NodeKind;
import dev.nearlight.fabric.device.OpticsPackaging;
import dev.nearlight.fabric.device.SwitchModel;

/**
 * NVLink/NVSwitch-like scale-up domains beside the scale-out fabric: consecutive GPUs (in build order, i.e. whole
 * nodes) form domains of {@code gpusPerDomain}; each domain has {@code S = ceil(gpusPerDomain x portsPerGpu /
 * switchRadix)} scale-up switches and GPU port {@code j} goes to switch {@code j mod S}. Port rate = per-GPU
 * bandwidth / ports (900 GB/s over 18 ports = 50 GB/s = 400 Gb/s). Switches sit in the rack of the domain's first
 * GPU, so a domain spanning several racks gets cross-rack (possibly optical) links: set the layout's nodes per rack
 * to fit a 72-GPU domain in one rack.
 *
 * @param gpusPerDomain GPUs per domain (e.g. 8 or 72)
 * @param portsPerGpu scale-up ports per GPU (e.g. 18)
 * @param bandwidthGBpsPerGpu scale-up bandwidth per GPU per direction, GB/s (e.g. 900)
 * @param switchRadix ports per scale-up switch chip (e.g. 72)
 * @param optics optics technology when copper cannot reach
 * @param copperAllowed whether copper may be used
 */
public record ScaleUpDomain(
        int gpusPerDomain,
        int portsPerGpu,
        double bandwidthGBpsPerGpu,
        int switchRadix,
        String optics,
        boolean copperAllowed) {
    public ScaleUpDomain {
        if (gpusPerDomain < 2 || portsPerGpu < 1 || !(bandwidthGBpsPerGpu > 0) || switchRadix < 2) {
            throw new InputException("--scale-up-domain " + gpusPerDomain + " must be >= 2 GPUs with >= 1 port,"
                    + " bandwidth > 0 and switch radix >= 2");
        }
        // a port must be a rate a part can have (PhysicalUnit, as the catalogue): 1e-300 GB/s made a 4e-301G port
        PhysicalUnit gbps = PhysicalUnit.of("Gb/s").orElseThrow();
        if (gbps.problem(bandwidthGBpsPerGpu * 8 / portsPerGpu) != null) {
            throw InputException.of(
                    "scaleUpBandwidth",
                    String.format(
                            java.util.Locale.ROOT,
                            "%.4g GB/s per GPU over %d ports is a %.4g Gb/s port, outside the %.0f Gb/s .. %.0f Gb/s"
                                    + " a part can have",
                            bandwidthGBpsPerGpu,
                            portsPerGpu,
                            bandwidthGBpsPerGpu * 8 / portsPerGpu,
                            gbps.smallestNonZero(),
                            gbps.largest()),
                    "give {scaleUpBandwidth} in GB/s per GPU and direction, e.g. 900 for NVLink 5");
        }
    }

    /** Rate of one scale-up port, Gb/s. */
    public double portRateGbps() {
        return bandwidthGBpsPerGpu * 8 / portsPerGpu;
    }

    /** Scale-up switches per domain. */
    public int switchesPerDomain() {
        return (gpusPerDomain * portsPerGpu + switchRadix - 1) / switchRadix;
    }

    /** Adds the domains, their switches and links to a fabric being built (all its GPUs so far). */
    public void attach(FabricBuilder b) {
        int[] gpus = b.verticesOf(NodeKind.GPU);
        if (gpus.length % gpusPerDomain != 0) {
            throw InputException.of(
                    "scaleUpDomain",
                    gpusPerDomain + " does not divide the " + gpus.length + " GPUs",
                    "use a divisor of the GPU count, such as {scaleUpDomain 8} or {scaleUpDomain 72} when it divides");
        }
        int s = switchesPerDomain();
        int portsPerSwitch = gpusPerDomain * ((portsPerGpu + s - 1) / s);
        if (portsPerSwitch > switchRadix) {
            throw InputException.of(
                    "scaleUpPorts",
                    "scale-up switches of radix " + switchRadix + " cannot take " + portsPerGpu + " ports from each of "
                            + gpusPerDomain + " GPUs evenly",
                    "use a multiple of " + s + " for {scaleUpPorts}");
        }
        b.switchModel(
                NodeKind.SCALE_UP_SWITCH,
                new SwitchModel(
                        "scale-up-" + switchRadix + "x" + (int) portRateGbps() + "g",
                        switchRadix,
                        portRateGbps(),
                        SwitchModel.POWER_W_PER_TBPS * switchRadix * portRateGbps() / 1000,
                        SwitchModel.COST_USD_PER_GBPS * switchRadix * portRateGbps(),
                        100,
                        OpticsPackaging.PLUGGABLE));
        int cls = b.linkClass(new LinkClass(LinkClass.SCALE_UP, portRateGbps(), optics, copperAllowed, false));
        int domains = gpus.length / gpusPerDomain;
        b.shape("scaleUpDomains", domains).shape("scaleUpSwitchesPerDomain", s);
        for (int d = 0; d < domains; d++) {
            int first = gpus[d * gpusPerDomain];
            int[] sw = new int[s];
            for (int i = 0; i < s; i++) {
                sw[i] = b.addNode(NodeKind.SCALE_UP_SWITCH, b.rackOf(first), 20 + i % 20);
            }
            for (int gi = 0; gi < gpusPerDomain; gi++) {
                int gv = gpus[d * gpusPerDomain + gi];
                for (int j = 0; j < portsPerGpu; j++) {
                    b.addLink(gv, sw[j % s], cls);
                }
            }
        }
    }
}
