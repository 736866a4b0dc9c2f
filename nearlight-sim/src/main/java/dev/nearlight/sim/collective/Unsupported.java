package dev.nearlight.sim.collective;

import dev.nearlight.core.InputException;

/** Builds the one-line error for an algorithm/operation combination that does not exist. */
final class Unsupported {
    private Unsupported() {}

    static InputException of(String algorithm, CollectiveOp op, String supported) {
        return new InputException(
                "--algo " + algorithm + " does not implement --op " + op.cliName() + "; it supports " + supported);
    }
}
