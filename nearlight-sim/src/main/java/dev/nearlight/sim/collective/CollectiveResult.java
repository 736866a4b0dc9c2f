package dev.nearlight.sim.collective;

/**
 * One nccl-tests style result row: time, algbw = bytes / time and busbw = algbw * the operation's factor (GB = 1e9 B,
 * as nccl-tests prints), plus the largest link utilisation and the 99th percentile flow completion time. Field names
 * are the JSON contract of {@code nearlight collective --json}.
 */
public record CollectiveResult(
        String op,
        String algo,
        long bytes,
        double timeNs,
        double algbwGBps,
        double busbwGBps,
        double maxLinkUtilization,
        double p99FlowNs) {}
