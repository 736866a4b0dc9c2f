package dev.nearlight.sim.train;

import dev.nearlight.core.InputException;
import java.util.Locale;

/** Numeric format of the transformer GEMMs; selects the accelerator's dense peak. */
public enum Precision {
    BF16,
    FP8,
    /** NVFP4 / MXFP4 block-scaled 4-bit GEMMs (Blackwell); attention and memory-bound kernels stay in BF16. */
    FP4;

    /** True for the low-precision GEMM formats that need Transformer Engine casts and scaling (FP8, FP4). */
    public boolean isFp8Class() {
        return this != BF16;
    }

    /** Parses {@code bf16} or {@code fp8} (case-insensitive), naming {@code field} in the error. */
    public static Precision parse(String text, String field) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputException(field + ": unknown precision '" + text + "' (use bf16, fp8 or fp4)");
        }
    }
}
