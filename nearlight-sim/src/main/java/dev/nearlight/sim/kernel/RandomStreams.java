package dev.nearlight.sim.kernel;

import java.util.random.RandomGenerator.SplittableGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Independent random streams for one run, all derived from one root seed with {@code L64X128MixRandom}'s
 * {@code split()}. The n-th call to {@link #next()} always returns the same stream for the same seed, so each model
 * component (ECMP hashing, workload jitter, ...) gets its own reproducible stream.
 */
public final class RandomStreams {
    private final SplittableGenerator root;

    /** Creates the stream family of {@code rootSeed}. */
    public RandomStreams(long rootSeed) {
        this.root = (SplittableGenerator)
                RandomGeneratorFactory.of("L64X128MixRandom").create(rootSeed);
    }

    /** The next independent stream. */
    public SplittableGenerator next() {
        return root.split();
    }
}
