package dev.nearlight.sim.collective;

/**
 * Receives the transfers of a collective algorithm step by step. Transfers in one step may run concurrently; a
 * transfer's source waits for everything it sent or received in its previous step (the data dependency).
 */
public interface StepSink {
    /** One transfer of {@code bytes} from local rank {@code src} to local rank {@code dst} in the current step. */
    void transfer(int src, int dst, double bytes);

    /** Closes the current step. */
    void endStep();
}
