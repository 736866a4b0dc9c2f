package dev.nearlight.compose.pool;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nearlight.compose.disagg.SourcedValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Prices and local-memory bandwidth for pool planning, loaded from {@code pool/hardware.yaml}; every number carries its
 * source and confidence (mostly our estimates).
 *
 * @param localDramGBps node-local DRAM bandwidth (the local tier of the workload model)
 * @param gpuUsd price per GPU
 * @param cpuCoreUsd price per CPU core
 * @param memoryUsdPerGiB price per GiB of DRAM
 * @param storageUsdPerTB price per TB of NVMe
 * @param serverChassisUsd per static server (board, PSU, NICs)
 * @param poolChassisUsd per composable sled, tray, memory box or enclosure
 * @param fabricSwitchUsd per PCIe/CXL switch (one per rack in a composable cluster)
 * @param opticsUsdPerGbps optics price per Gb/s, for the x16 fibre link of each composable chassis
 */
public record PoolHardware(
        SourcedValue localDramGBps,
        SourcedValue gpuUsd,
        SourcedValue cpuCoreUsd,
        SourcedValue memoryUsdPerGiB,
        SourcedValue storageUsdPerTB,
        SourcedValue serverChassisUsd,
        SourcedValue poolChassisUsd,
        SourcedValue fabricSwitchUsd,
        SourcedValue opticsUsdPerGbps) {
    /** Checks presence. */
    public PoolHardware {
        Objects.requireNonNull(localDramGBps, "localDramGBps");
        Objects.requireNonNull(gpuUsd, "gpuUsd");
        Objects.requireNonNull(cpuCoreUsd, "cpuCoreUsd");
        Objects.requireNonNull(memoryUsdPerGiB, "memoryUsdPerGiB");
        Objects.requireNonNull(storageUsdPerTB, "storageUsdPerTB");
        Objects.requireNonNull(serverChassisUsd, "serverChassisUsd");
        Objects.requireNonNull(poolChassisUsd, "poolChassisUsd");
        Objects.requireNonNull(fabricSwitchUsd, "fabricSwitchUsd");
        Objects.requireNonNull(opticsUsdPerGbps, "opticsUsdPerGbps");
    }

    /** Loads the bundled {@code pool/hardware.yaml}. */
    public static PoolHardware defaults() {
        try (InputStream in = PoolHardware.class.getResourceAsStream("/pool/hardware.yaml")) {
            if (in == null) {
                throw new IllegalStateException("resource pool/hardware.yaml missing from the classpath");
            }
            return new ObjectMapper(new YAMLFactory())
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .readValue(in, PoolHardware.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
