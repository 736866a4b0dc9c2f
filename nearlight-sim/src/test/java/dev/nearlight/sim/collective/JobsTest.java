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
}
