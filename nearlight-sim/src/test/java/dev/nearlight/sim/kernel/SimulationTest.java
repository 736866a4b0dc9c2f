package dev.nearlight.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {

    @Test
    void ordersByTimeThenPriorityThenInsertion() {
        List<Integer> seen = new ArrayList<>();
        Simulation sim = new Simulation((e, s) -> seen.add(((SimEvent.Timer) e).tag()));
        sim.schedule(5, 0, new SimEvent.Timer(1));
        sim.schedule(3, 1, new SimEvent.Timer(2));
        sim.schedule(3, 0, new SimEvent.Timer(3));
        sim.schedule(3, 0, new SimEvent.Timer(4));
        sim.schedule(0, 7, new SimEvent.Timer(5));
        assertThat(sim.run()).isEqualTo(5);
        assertThat(seen).containsExactly(5, 3, 4, 2, 1);
        assertThat(sim.nowNs()).isEqualTo(5.0);
    }

    @Test
    void handlersScheduleFollowUpsAndListenersSeeEveryEvent() {
        TraceHash hash = new TraceHash();
        Simulation sim = new Simulation((e, s) -> {
            int tag = ((SimEvent.Timer) e).tag();
            if (tag < 9) {
                s.scheduleIn(10, new SimEvent.Timer(tag + 1));
            }
        });
        sim.addListener(hash);
        sim.schedule(0, 0, new SimEvent.Timer(0));
        sim.run();
        // tags 0..9 at 0, 10, ..., 90 ns
        assertThat(hash.events()).isEqualTo(10);
        assertThat(sim.nowNs()).isEqualTo(90.0);
    }

    @Test
    void refusesEventsInThePast() {
        Simulation sim = new Simulation((e, s) -> s.schedule(1, 0, new SimEvent.Timer(0)));
        sim.schedule(2, 0, new SimEvent.Timer(0));
        assertThatThrownBy(sim::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before now");
    }

    @Test
    void randomStreamsAreReproduciblePerSeedAndIndependentPerSplit() {
        RandomStreams a = new RandomStreams(42);
        RandomStreams b = new RandomStreams(42);
        long a1 = a.next().nextLong();
        long a2 = a.next().nextLong();
        assertThat(b.next().nextLong()).isEqualTo(a1);
        assertThat(b.next().nextLong()).isEqualTo(a2);
        assertThat(a1).isNotEqualTo(a2);
        assertThat(new RandomStreams(43).next().nextLong()).isNotEqualTo(a1);
    }
}
