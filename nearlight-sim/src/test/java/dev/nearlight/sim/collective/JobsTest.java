package dev.nearlight.sim.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.net.EcmpRouting;
import dev.nearlight.sim.net.NetworkTopology;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several jobs on one fabric: max-min shares on a shared link, placement. */
class JobsTest {
    private static final double C = 100e9; // B/s on the shared link
    private static final long S = 8L << 20;

    /** ep0, ep2 on sw0 and ep1, ep3 on sw1 (access links 2C); sw0-sw1 is the one shared link of capacity C. */
    private static NetworkTopology dumbbell() {
        NetworkTopology.Builder b = NetworkTopology.builder();
        for (int i = 0; i < 4; i++) {
            b.endpoint("ep" + i);
        }
        int sw0 = b.switchNode("sw0");
        int sw1 = b.switchNode("sw1");
        b.duplex(0, sw0, 2 * C, 0, "");
        b.duplex(2, sw0, 2 * C, 0, "");
        b.duplex(1, sw1, 2 * C, 0, "");
        b.duplex(3, sw1, 2 * C, 0, "");
        b.duplex(sw0, sw1, C, 0, "");
        return b.build();
    }

    @Test
    void twoJobsSharingALinkEachGetTheirMaxMinShare() {
        NetworkTopology t = dumbbell();
        FlowNetworkModel model = new FlowNetworkModel(t, new EcmpRouting(t, 1), 1.0);
        // job A exchanges S, job B 3S (send/recv both ways between its two ranks); contiguous: A on ep0, ep1, B on
        // ep2, ep3, so each direction of sw0-sw1 carries one flow of each job
        TransferSchedule a = Collectives.schedule(CollectiveSpec.of(CollectiveOp.SEND_RECV, Algorithm.RING, S), 2);
        TransferSchedule b = Collectives.schedule(CollectiveSpec.of(CollectiveOp.SEND_RECV, Algorithm.RING, 3 * S), 2);
        List<TransferSchedule> jobs = List.of(a, b);
        int[][] place = Jobs.place(4, new int[] {2, 2}, Jobs.Placement.CONTIGUOUS, 0);
        assertThat(place).isDeepEqualTo(new int[][] {{0, 1}, {2, 3}});
        double sOverC = S / C * 1e9; // ns
        // alone: S / C and 3S / C
        assertThat(model.run(Jobs.merge(4, List.of(a), new int[][] {{0, 1}})).makespanNs())
                .isCloseTo(sOverC, within(1e-6));
        double[] done = Jobs.completionNs(jobs, model.run(Jobs.merge(4, jobs, place)));
        // together: C/2 each until A has sent S (2S/C); then B's remaining 2S at C: 2S/C + 2S/C = 4S/C
        assertThat(done[0]).isCloseTo(2 * sOverC, within(1e-6));
        assertThat(done[1]).isCloseTo(4 * sOverC, within(1e-6));
        // the analytical lower bound sees the shared link's total load (4S / C) but not A's share
        double[] floor = Jobs.completionNs(
                jobs, new AnalyticalNetworkModel(t, new EcmpRouting(t, 1), 1.0).run(Jobs.merge(4, jobs, place)));
        assertThat(floor[0]).isCloseTo(sOverC, within(1e-6));
        assertThat(floor[1]).isCloseTo(3 * sOverC, within(1e-6));
    }

    @Test
    void randomPlacementIsASeededPermutationCutIntoBlocks() {
        int[][] p = Jobs.place(16, new int[] {4, 8}, Jobs.Placement.RANDOM, 42);
        assertThat(p[0]).hasSize(4);
        assertThat(p[1]).hasSize(8);
        int[] all = new int[12];
        System.arraycopy(p[0], 0, all, 0, 4);
        System.arraycopy(p[1], 0, all, 4, 8);
        assertThat(Arrays.stream(all).distinct().count()).isEqualTo(12);
        assertThat(Arrays.stream(all).allMatch(e -> e >= 0 && e < 16)).isTrue();
        assertThat(Jobs.place(16, new int[] {4, 8}, Jobs.Placement.RANDOM, 42)).isDeepEqualTo(p);
        assertThat(Jobs.place(16, new int[] {4, 8}, Jobs.Placement.RANDOM, 43)).isNotEqualTo(p);
        assertThatThrownBy(() -> Jobs.place(8, new int[] {4, 8}, Jobs.Placement.CONTIGUOUS, 0))
                .isInstanceOf(InputException.class)
                .hasMessage("the jobs need 12 endpoints but the network has 8; use fewer or smaller jobs");
    }

    @Test
    void railAlignedPlacementGivesEveryJobWholeNodes() {
        // nodes of 4: jobs of 6 and 4 ranks take nodes 0-1 (endpoints 0..5, 6 and 7 idle) and node 2
        int[][] p = Jobs.place(16, 4, new int[] {6, 4}, Jobs.Placement.RAIL_ALIGNED, 0);
        assertThat(p).isDeepEqualTo(new int[][] {{0, 1, 2, 3, 4, 5}, {8, 9, 10, 11}});
        // contiguous packs the second job into the first job's last node: its ranks start on rail 2
        assertThat(Jobs.place(16, 4, new int[] {6, 4}, Jobs.Placement.CONTIGUOUS, 0)[1])
                .containsExactly(6, 7, 8, 9);
        assertThatThrownBy(() -> Jobs.place(16, 4, new int[] {6, 6, 2}, Jobs.Placement.RAIL_ALIGNED, 0))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("more than the 4 nodes of 4 endpoints");
        assertThat(Jobs.Placement.parse("rail-aligned", "--placement")).isEqualTo(Jobs.Placement.RAIL_ALIGNED);
        assertThatThrownBy(() -> Jobs.Placement.parse("packed", "--placement"))
                .isInstanceOf(InputException.class)
                .hasMessage("--placement 'packed' is unknown; use contiguous, random or rail-aligned");
    }

    @Test
    void railAlignmentAvoidsInterferenceThatAMisalignedJobSuffers() {
        // 2 nodes of 2 GPUs behind a switch each (2C per GPU), the nodes joined by one link of capacity C; two jobs of
        // 2 ranks exchanging S both ways. Rail-aligned: each job inside one node, nothing shared: S/(2C) each, alone
        // or together. Placed across the nodes ({0, 2} and {1, 3}): S/C alone, and together the two jobs split the
        // inter-node link max-min fairly (C/2 each way): 2S/C, a slowdown of 2.
        NetworkTopology.Builder b = NetworkTopology.builder();
        for (int i = 0; i < 4; i++) {
            b.endpoint("ep" + i);
        }
        int n0 = b.switchNode("n0");
        int n1 = b.switchNode("n1");
        b.duplex(0, n0, 2 * C, 0, "");
        b.duplex(1, n0, 2 * C, 0, "");
        b.duplex(2, n1, 2 * C, 0, "");
        b.duplex(3, n1, 2 * C, 0, "");
        b.duplex(n0, n1, C, 0, "");
        NetworkTopology t = b.build();
        FlowNetworkModel model = new FlowNetworkModel(t, new EcmpRouting(t, 1), 1.0);
        TransferSchedule x = Collectives.schedule(CollectiveSpec.of(CollectiveOp.SEND_RECV, Algorithm.RING, S), 2);
        List<TransferSchedule> jobs = List.of(x, x);
        double sOverC = S / C * 1e9;
        int[][] aligned = Jobs.place(4, 2, new int[] {2, 2}, Jobs.Placement.RAIL_ALIGNED, 0);
        double[] together = Jobs.completionNs(jobs, model.run(Jobs.merge(4, jobs, aligned)));
        assertThat(together[0]).isCloseTo(sOverC / 2, within(1e-6));
        assertThat(together[1]).isCloseTo(sOverC / 2, within(1e-6));
        int[][] across = {{0, 2}, {1, 3}};
        double alone =
                model.run(Jobs.merge(4, List.of(x), new int[][] {across[0]})).makespanNs();
        assertThat(alone).isCloseTo(sOverC, within(1e-6));
        together = Jobs.completionNs(jobs, model.run(Jobs.merge(4, jobs, across)));
        assertThat(together[0]).isCloseTo(2 * sOverC, within(1e-6));
        assertThat(together[1]).isCloseTo(2 * sOverC, within(1e-6));
    }
}
