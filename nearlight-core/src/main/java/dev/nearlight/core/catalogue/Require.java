package dev.nearlight.core.catalogue;

import java.util.List;

/** Validation helpers for catalogue entries: each failure names the field, the problem and the fix. */
final class Require {
    private Require() {}

    static <T> T present(T v, String field) {
        if (v == null) {
            throw new IllegalArgumentException(field + ": missing (add the field)");
        }
        return v;
    }

    static String id(String v, String field) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + ": missing or blank (give an id such as 'megtron-7')");
        }
        return v;
    }

    static double positive(double v, String field) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + ": " + v + " must be > 0 (give a positive number)");
        }
        return v;
    }

    static double nonNegative(double v, String field) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + ": " + v + " must be >= 0 (give a non-negative number)");
        }
        return v;
    }

    static int atLeast(int v, int min, String field) {
        if (v < min) {
            throw new IllegalArgumentException(field + ": " + v + " must be >= " + min);
        }
        return v;
    }

    static int between(int v, int min, int max, String field) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(
                    field + ": " + v + " is outside what a part can have (give " + min + " .. " + max + ")");
        }
        return v;
    }

    static Param power(Param p, String field) {
        if (p != null && p.boundary() == null) {
            throw new IllegalArgumentException(field
                    + ": power figure without boundary (add boundary: MODULE, ENGINE, HOST_SERDES, LINK,"
                    + " SWITCH_SYSTEM or NODE)");
        }
        return p;
    }

    static Param nonNegative(Param p, String field) {
        if (p != null && p.min() < 0) {
            throw new IllegalArgumentException(field + ": min " + p.min() + " must be >= 0");
        }
        return p;
    }

    static <T> List<T> nonEmpty(List<T> v, String field) {
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(field + ": missing or empty (give at least one entry)");
        }
        return List.copyOf(v);
    }
}
