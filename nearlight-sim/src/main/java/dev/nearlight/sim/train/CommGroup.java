package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;

/**
 * One collective group as placed on the cluster: its size, how many members share a scale-up domain, how many
 * concurrent flows share each member's NIC share (contention between groups), and the fabric size for latency.
 *
 * @param size members
 * @param membersPerDomain members inside one scale-up domain (= size when the group is inside one domain)
 * @param nicSharing concurrent groups whose inter-domain traffic shares one GPU's NIC share (1 = none)
 * @param fabricPorts scale-out ports of the whole fabric (for the hop count)
 */
public record CommGroup(int size, int membersPerDomain, double nicSharing, long fabricPorts) {
    public CommGroup {
        if (size <= 0 || membersPerDomain <= 0 || membersPerDomain > size || size % membersPerDomain != 0) {
            throw new InputException("group: size " + size + " with " + membersPerDomain + " per domain is not a"
                    + " whole number of domains");
        }
        if (!(nicSharing >= 1)) {
            throw new InputException("group: nicSharing " + nicSharing + " must be >= 1");
        }
    }

    /**
     * Places a group of {@code size} ranks whose consecutive members are {@code stride} ranks apart (Megatron rank
     * order) on domains of {@code domainGpus} GPUs.
     */
    public static CommGroup placed(int size, int stride, int domainGpus, long fabricPorts) {
        int perDomain = Math.max(1, Math.min(size, domainGpus / Math.max(1, stride)));
        while (size % perDomain != 0) {
            perDomain--;
        }
        return new CommGroup(size, perDomain, 1.0, fabricPorts);
    }

    /** True when every member is in one scale-up domain. */
    public boolean insideDomain() {
        return membersPerDomain == size;
    }

    /** Domains the group spans. */
    public int domains() {
        return size / membersPerDomain;
    }
}
