package dev.nearlight.sim.kernel;

class BucketFutureQueueContractTest extends FutureQueueContractTest {
    @Override
    FutureQueue queue() {
        return new BucketFutureQueue();
    }
}
