package dev.nearlight.fabric.device;

import dev.nearlight.core.InputException;

/**
 * An accelerator as the fabric sees it: its scale-up ports and bandwidth (NVLink-like) and its scale-out NICs.
 *
 * @param id catalogue-like id
 * @param scaleUpPorts scale-up links per GPU (e.g. 18 NVLink 5 links)
 * @param scaleUpBandwidthGBps total scale-up bandwidth per GPU per direction, GB/s (e.g. 900)
 * @param nics scale-out NICs per GPU (usually 1: one rail per GPU)
 * @param nicRateGbps rate of one NIC port, Gb/s
 */
public record GpuModel(String id, int scaleUpPorts, double scaleUpBandwidthGBps, int nics, double nicRateGbps) {
    public GpuModel {
        if (scaleUpPorts < 0 || nics < 1 || !(nicRateGbps > 0) || scaleUpBandwidthGBps < 0) {
            throw new InputException(
                    "GPU " + id + ": scale-up ports and bandwidth must be >= 0, NICs >= 1, NIC rate > 0");
        }
    }

    /** A Blackwell-class GPU: 18 scale-up links, 900 GB/s per direction, one NIC at the given rate. */
    public static GpuModel generic(double nicRateGbps) {
        return new GpuModel("generic-gpu", 18, 900, 1, nicRateGbps);
    }
}
