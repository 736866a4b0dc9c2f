package dev.nearlight.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import org.junit.jupiter.api.Test;

class AstraNetworkReaderTest {
    private final AstraNetworkReader reader = new AstraNetworkReader();

    @Test
    void readsTwoDimensionsAndBuildsTheGraph() {
        String yaml = "topology: [ Ring, Switch ]\nnpus_count: [ 4, 2 ]\nbandwidth: [ 50.0, 25.0 ]\nlatency: [ 500.0,"
                + " 700.0 ]\n";
        AstraNetwork net = reader.parse(yaml, "net.yml");
        assertThat(net.topology()).containsExactly(AstraNetwork.Kind.RING, AstraNetwork.Kind.SWITCH);
        NetworkTopology t = net.toTopology();
        // 8 NPUs; dim 0: 2 rings of 4 -> 2 * 4 duplex = 16 links; dim 1: 4 switches with 2 NPUs -> 4 * 2 * 2 = 16
        assertThat(t.endpointCount()).isEqualTo(8);
        assertThat(t.nodeCount()).isEqualTo(12);
        assertThat(t.linkCount()).isEqualTo(32);
        // link 0 is npu0 -> npu1 at 50 GB/s with 1 GB = 2^30 B
        assertThat(t.linkSrc(0)).isZero();
        assertThat(t.linkDst(0)).isEqualTo(1);
        assertThat(t.linkCapacityBytesPerS(0)).isEqualTo(50.0 * 1073741824.0);
        assertThat(t.linkLatencyNs(0)).isEqualTo(500.0);
        // dimension 1 groups NPUs that differ in coordinate 1 only: npu 0 and npu 4 share switch 0
        int[] p = new EcmpRouting(t, 1).path(0, 4, 0);
        assertThat(p).hasSize(2);
        assertThat(t.nodeName(t.linkDst(p[0]))).isEqualTo("dim1.switch0");
        assertThat(t.linkLatencyNs(p[0])).isEqualTo(700.0);
    }

    @Test
    void fullyConnectedHasALinkPerPairAndBlockStyleYamlWorks() {
        String yaml = "topology:\n  - FullyConnected\nnpus_count:\n  - 4\nbandwidth:\n  - 100\nlatency:\n  - 0\n";
        NetworkTopology t = reader.parse(yaml, "fc.yml").toTopology();
        assertThat(t.linkCount()).isEqualTo(4 * 3);
        assertThat(new EcmpRouting(t, 0).path(0, 3, 0)).hasSize(1);
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        String yaml = "topology: [ Ring ]\nnpus_count: [ 4\nbandwidth: [ 50 ]\n";
        assertThatThrownBy(() -> reader.parse(yaml, "bad.yml"))
                .isInstanceOf(InputException.class)
                .hasMessageMatching("bad\\.yml:\\d+:\\d+: malformed YAML: .*")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void unknownTopologyKindNamesItsPositionAndTheAllowedKinds() {
        String yaml = "topology: [ Ring, Torus ]\nnpus_count: [ 4, 2 ]\nbandwidth: [ 50, 25 ]\nlatency: [ 1, 1 ]\n";
        assertThatThrownBy(() -> reader.parse(yaml, "n.yml"))
                .isInstanceOf(InputException.class)
                .hasMessage("n.yml:1:19: topology entry 'Torus' is not supported; use one of [Ring, Switch,"
                        + " FullyConnected]");
    }

    @Test
    void mismatchedListLengthsAndBadValuesAreReported() {
        assertThatThrownBy(() -> reader.parse(
                        "topology: [ Ring ]\nnpus_count: [ 4, 2 ]\nbandwidth: [ 50 ]\nlatency: [ 1 ]\n", "n.yml"))
                .hasMessage("n.yml:2:1: npus_count has 2 entries but topology has 1 dimensions; give one entry per"
                        + " dimension");
        assertThatThrownBy(() -> reader.parse(
                        "topology: [ Ring ]\nnpus_count: [ 4 ]\nbandwidth: [ -5 ]\nlatency: [ 1 ]\n", "n.yml"))
                .hasMessage("n.yml:3:14: bandwidth entry '-5' must be > 0 (GB/s)");
        assertThatThrownBy(() -> reader.parse("topology: [ Ring ]\nnpus: [ 4 ]\n", "n.yml"))
                .hasMessage("n.yml:2:1: unknown key 'npus'; expected one of [topology, npus_count, bandwidth,"
                        + " latency]");
        assertThatThrownBy(() -> reader.parse("topology: [ Ring ]\n", "n.yml"))
                .hasMessageStartingWith("n.yml: missing key(s) [npus_count, bandwidth, latency]");
    }
}
