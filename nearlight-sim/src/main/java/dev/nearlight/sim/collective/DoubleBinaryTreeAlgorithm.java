package dev.nearlight.sim.collective;

/**
 * Double binary tree (NCCL's tree algorithm): two complementary binary trees each carry half of the buffer. Tree A
 * is the heap-ordered tree on ranks 0..n-1; tree B mirrors it (rank n-1-i at position i), so most ranks that are
 * inner nodes in one tree are leaves in the other. All-reduce reduces towards the roots level by level and then
 * broadcasts back; broadcast uses tree A from rank 0 with the whole buffer. Pipelining comes from chunking.
 */
public final class DoubleBinaryTreeAlgorithm implements CollectiveAlgorithm {
    @Override
    public void emit(CollectiveOp op, int n, double bytes, StepSink sink) {
        int depth = depth(n - 1);
        switch (op) {
            case ALL_REDUCE:
                for (int d = depth; d >= 1; d--) {
                    for (int pos = (1 << d) - 1; pos < Math.min(n, (1 << (d + 1)) - 1); pos++) {
                        int parent = (pos - 1) / 2;
                        sink.transfer(pos, parent, bytes / 2);
                        sink.transfer(n - 1 - pos, n - 1 - parent, bytes / 2);
                    }
                    sink.endStep();
                }
                down(n, depth, bytes / 2, true, sink);
                break;
            case BROADCAST:
                down(n, depth, bytes, false, sink);
                break;
            default:
                throw Unsupported.of("tree", op, "allreduce, broadcast");
        }
    }

    private static void down(int n, int depth, double bytes, boolean both, StepSink sink) {
        for (int d = 1; d <= depth; d++) {
            for (int pos = (1 << d) - 1; pos < Math.min(n, (1 << (d + 1)) - 1); pos++) {
                int parent = (pos - 1) / 2;
                sink.transfer(parent, pos, bytes);
                if (both) {
                    sink.transfer(n - 1 - parent, n - 1 - pos, bytes);
                }
            }
            sink.endStep();
        }
    }

    private static int depth(int pos) {
        return 31 - Integer.numberOfLeadingZeros(pos + 1);
    }
}
