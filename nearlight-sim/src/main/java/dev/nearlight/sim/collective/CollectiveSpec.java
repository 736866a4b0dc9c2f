package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;

/**
 * What to run: operation, algorithm, buffer size in bytes (nccl-tests "size"), chunking ({@code splits} chunks, at
 * most {@code chunksInFlight} per algorithm stage), and for the hierarchical algorithm the scale-up group size and the
 * algorithm used across groups.
 */
public record CollectiveSpec(
        CollectiveOp op,
        Algorithm algorithm,
        long bytes,
        int splits,
        int chunksInFlight,
        int scaleUpSize,
        Algorithm interAlgorithm) {

    public CollectiveSpec {
        if (bytes < 0) {
            throw new InputException("size " + bytes + " must be >= 0 bytes");
        }
        if (splits < 1 || splits > 65536) {
            throw new InputException("--splits " + splits + " must be in 1..65536");
        }
        if (chunksInFlight < 1) {
            throw new InputException("--chunks-in-flight " + chunksInFlight + " must be >= 1");
        }
        if (interAlgorithm == Algorithm.HIERARCHICAL || interAlgorithm == Algorithm.PXN) {
            throw new InputException("--inter-algo " + interAlgorithm.cliName()
                    + " is not allowed; use ring, tree, halving-doubling or" + " direct");
        }
    }

    /** A flat (non-hierarchical) run without chunking. */
    public static CollectiveSpec of(CollectiveOp op, Algorithm algorithm, long bytes) {
        return new CollectiveSpec(op, algorithm, bytes, 1, 1, 8, Algorithm.RING);
    }

    /** A copy with another size. */
    public CollectiveSpec withBytes(long newBytes) {
        return new CollectiveSpec(op, algorithm, newBytes, splits, chunksInFlight, scaleUpSize, interAlgorithm);
    }

    /** A copy with another chunk count (at most {@code splits} chunks in flight). */
    public CollectiveSpec withSplits(int newSplits) {
        return new CollectiveSpec(
                op, algorithm, bytes, newSplits, Math.min(chunksInFlight, newSplits), scaleUpSize, interAlgorithm);
    }

    /** The algorithm implementation. */
    public CollectiveAlgorithm implementation() {
        return create(algorithm);
    }

    private CollectiveAlgorithm create(Algorithm a) {
        switch (a) {
            case RING:
                return new RingAlgorithm();
            case TREE:
                return new DoubleBinaryTreeAlgorithm();
            case HALVING_DOUBLING:
                return new HalvingDoublingAlgorithm();
            case DIRECT:
                return new DirectAlgorithm();
            case HIERARCHICAL:
                return new HierarchicalAlgorithm(scaleUpSize, create(interAlgorithm));
            case PXN:
                return new PxnAlgorithm(scaleUpSize);
            default:
                throw new IllegalStateException(a.toString());
        }
    }
}
