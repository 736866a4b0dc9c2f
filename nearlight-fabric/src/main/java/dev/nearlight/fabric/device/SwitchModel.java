package dev.nearlight.fabric.device;

import dev.nearlight.core.InputException;
import java.util.Objects;

/**
 * A switch (Ethernet/InfiniBand ASIC box, NVSwitch-like scale-up switch or PCIe/CXL switch): radix, port rate,
 * power and cost <em>without</em> optics (optics are counted per link), port-to-port latency.
 *
 * @param id catalogue-like id
 * @param radix ports at {@code portRateGbps}
 * @param portRateGbps rate of one port
 * @param powerW box power excluding transceivers/engines, watts
 * @param costUsd box price excluding optics, USD
 * @param latencyNs port-to-port forwarding latency, ns
 * @param packaging where the optics of this switch sit
 */
public record SwitchModel(
        String id,
        int radix,
        double portRateGbps,
        double powerW,
        double costUsd,
        double latencyNs,
        OpticsPackaging packaging) {
    /** Estimated box power per Tb/s of switching capacity, without optics (ours; ~1.3 kW for 51.2 Tb/s). */
    public static final double POWER_W_PER_TBPS = 25;

    /** Box price per Gb/s of capacity without optics: 200 k$ for a 64 x 800G box (optics-parameters 3.1, low). */
    public static final double COST_USD_PER_GBPS = 200_000.0 / 51_200.0;

    /** Ethernet switch Tx+Rx latency (Broadcom SUE RM104: < 250 ns). */
    public static final double ETHERNET_LATENCY_NS = 250;

    /** PCIe switch hop (optics-parameters 10.4, low). */
    public static final double PCIE_LATENCY_NS = 120;

    /**
     * Most ports a switch may have: twice the 512 of the largest shipping ASIC (Tomahawk 6 at 200G), room for a
     * multi-chip box. Larger radices are typos that would build millions of links (2^31 ran the JVM out of memory).
     */
    public static final int MAX_RADIX = 1024;

    public SwitchModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(packaging, "packaging");
        if (radix < 2) {
            throw new InputException("switch radix " + radix + " is too small; use at least 2 ports");
        }
        if (radix > MAX_RADIX) {
            throw InputException.of(
                    "switchRadix",
                    radix + " ports is more than any switch has",
                    "give {switchRadix} up to " + MAX_RADIX + " (the largest ASIC today has 512)");
        }
        if (!(portRateGbps > 0)) {
            throw new InputException("switch port rate " + portRateGbps + " Gb/s must be > 0");
        }
    }

    /** A generic Ethernet-class switch whose power and price scale with its capacity (see the constants). */
    public static SwitchModel generic(int radix, double portRateGbps, OpticsPackaging packaging) {
        double tbps = radix * portRateGbps / 1000.0;
        return new SwitchModel(
                "generic-" + radix + "x" + (int) portRateGbps + "g",
                radix,
                portRateGbps,
                POWER_W_PER_TBPS * tbps,
                COST_USD_PER_GBPS * tbps * 1000,
                ETHERNET_LATENCY_NS,
                packaging);
    }

    /** Switching capacity, Gb/s (one direction). */
    public double capacityGbps() {
        return radix * portRateGbps;
    }
}
