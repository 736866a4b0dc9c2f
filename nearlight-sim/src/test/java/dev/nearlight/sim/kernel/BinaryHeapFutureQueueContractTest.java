package dev.nearlight.sim.kernel;

class BinaryHeapFutureQueueContractTest extends FutureQueueContractTest {
    @Override
    FutureQueue queue() {
        // a small initial capacity so the cases exercise growth
        return new BinaryHeapFutureQueue(4);
    }
}
