package dev.nearlight.sim.net;

import java.util.List;

/**
 * An ASTRA-sim network description (its network YAML): per dimension a topology kind, an NPU count, a link bandwidth
 * in GB/s (1 GB = 2^30 B, as ASTRA-sim defines it) and a link latency in ns. {@link #toTopology()} maps it onto a
 * {@link NetworkTopology}; docs/sim.md documents the mapping.
 */
public record AstraNetwork(
        List<Kind> topology, List<Integer> npusCount, List<Double> bandwidthGBps, List<Double> latencyNs) {

    /** Bytes per ASTRA-sim "GB". */
    public static final double BYTES_PER_GB = 1L << 30;

    /** ASTRA-sim's basic topology kinds, one per dimension. */
    public enum Kind {
        /** Bidirectional ring: links i <-> i+1 (mod k). */
        RING("Ring"),
        /** All k NPUs of the group link to one switch node. */
        SWITCH("Switch"),
        /** A direct link between every pair of the group. */
        FULLY_CONNECTED("FullyConnected");

        private final String yamlName;

        Kind(String yamlName) {
            this.yamlName = yamlName;
        }

        /** The spelling used in ASTRA-sim files. */
        public String yamlName() {
            return yamlName;
        }
    }

    public AstraNetwork {
        topology = List.copyOf(topology);
        npusCount = List.copyOf(npusCount);
        bandwidthGBps = List.copyOf(bandwidthGBps);
        latencyNs = List.copyOf(latencyNs);
        int d = topology.size();
        if (d == 0 || npusCount.size() != d || bandwidthGBps.size() != d || latencyNs.size() != d) {
            throw new IllegalArgumentException(
                    "topology, npus_count, bandwidth and latency need one entry per dimension");
        }
        for (int i = 0; i < d; i++) {
            if (npusCount.get(i) < 1 || !(bandwidthGBps.get(i) > 0) || !(latencyNs.get(i) >= 0)) {
                throw new IllegalArgumentException("dimension " + i + ": npus_count >= 1, bandwidth > 0, latency >= 0");
            }
        }
    }

    /** Total number of NPUs (product of the per-dimension counts). */
    public int npus() {
        long n = 1;
        for (int c : npusCount) {
            n *= c;
        }
        if (n > 1 << 24) {
            throw new IllegalArgumentException("too many NPUs: " + n);
        }
        return (int) n;
    }

    /**
     * Builds the graph: NPU ids are mixed-radix coordinates with dimension 0 varying fastest (ASTRA-sim's order). For
     * each dimension and each group of NPUs that differ only in that coordinate, the dimension's kind is instantiated
     * with that dimension's bandwidth and latency on every link; Switch adds one switch node per group.
     */
    public NetworkTopology toTopology() {
        int n = npus();
        NetworkTopology.Builder b = NetworkTopology.builder();
        for (int i = 0; i < n; i++) {
            b.endpoint("npu" + i);
        }
        int stride = 1;
        for (int d = 0; d < topology.size(); d++) {
            int k = npusCount.get(d);
            double cap = bandwidthGBps.get(d) * BYTES_PER_GB;
            double lat = latencyNs.get(d);
            String tag = "dim" + d;
            int groups = n / k;
            for (int g = 0; g < groups; g++) {
                int base = (g / stride) * stride * k + (g % stride);
                int[] members = new int[k];
                for (int j = 0; j < k; j++) {
                    members[j] = base + j * stride;
                }
                if (k == 1) {
                    continue;
                }
                switch (topology.get(d)) {
                    case RING:
                        if (k == 2) {
                            b.duplex(members[0], members[1], cap, lat, tag);
                        } else {
                            for (int j = 0; j < k; j++) {
                                b.duplex(members[j], members[(j + 1) % k], cap, lat, tag);
                            }
                        }
                        break;
                    case SWITCH:
                        int sw = b.switchNode("dim" + d + ".switch" + g);
                        for (int m : members) {
                            b.duplex(m, sw, cap, lat, tag);
                        }
                        break;
                    case FULLY_CONNECTED:
                        for (int x = 0; x < k; x++) {
                            for (int y = x + 1; y < k; y++) {
                                b.duplex(members[x], members[y], cap, lat, tag);
                            }
                        }
                        break;
                    default:
                        throw new IllegalStateException();
                }
            }
            stride *= k;
        }
        return b.build();
    }

    /**
     * The translation group of {@link #toTopology()}'s graph {@code t} (which must be that graph): every kind is
     * invariant under shifting a dimension's coordinate, so the group of mixed-radix translations acts on it as
     * automorphisms ({@link RankTranslations}, which verifies it).
     */
    public RankTranslations translations(NetworkTopology t) {
        int n = npus();
        int[] dim = new int[t.nodeCount()];
        int[] anchor = new int[t.nodeCount()];
        int next = n;
        int stride = 1;
        for (int d = 0; d < topology.size(); d++) {
            int k = npusCount.get(d);
            int groups = n / k;
            if (k > 1 && topology.get(d) == Kind.SWITCH) {
                for (int g = 0; g < groups; g++) {
                    dim[next] = d;
                    anchor[next] = (g / stride) * stride * k + (g % stride);
                    next++;
                }
            }
            stride *= k;
        }
        int[] radix = npusCount.stream().mapToInt(Integer::intValue).toArray();
        return new RankTranslations(t, radix, dim, anchor);
    }
}
