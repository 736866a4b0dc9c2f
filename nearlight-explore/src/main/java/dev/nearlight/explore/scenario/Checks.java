package dev.nearlight.explore.scenario;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validation helpers shared by the scenario records' compact constructors; each failure is a {@link FieldProblem}. */
final class Checks {
    private static final Pattern RATE = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*([GT])?\\s*(?:b/?s|bps)?\\s*");
    private static final Pattern COUNT = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?(?:e\\d+)?)\\s*([KMBGT])?\\s*");

    private Checks() {}

    static <T> T required(T value, String field, String example) {
        if (value == null) {
            throw new FieldProblem(field, "missing required field", "add e.g. " + example);
        }
        return value;
    }

    static <T> T orDefault(T value, T defaultValue) {
        return value == null ? defaultValue : value;
    }

    static int atLeast(Integer value, String field, int min) {
        if (value == null) {
            throw new FieldProblem(field, "missing required field", "add " + field + ": <integer >= " + min + ">");
        }
        if (value < min) {
            throw new FieldProblem(field, "value " + value + " is too small", "use an integer >= " + min);
        }
        return value;
    }

    static int intRange(Integer value, String field, int min, int max) {
        int v = atLeast(value, field, min);
        if (v > max) {
            throw new FieldProblem(
                    field, "value " + v + " is too large", "use an integer in [" + min + ", " + max + "]");
        }
        return v;
    }

    static double range(Double value, String field, double min, double max) {
        if (value == null) {
            throw new FieldProblem(
                    field, "missing required field", "add " + field + ": <number in " + span(min, max) + ">");
        }
        if (!Double.isFinite(value) || value < min || value > max) {
            throw new FieldProblem(
                    field, "value " + fmt(value) + " is out of range", "use a number in " + span(min, max));
        }
        return value;
    }

    static String nonBlank(String value, String field, String example) {
        required(value, field, example);
        if (value.isBlank()) {
            throw new FieldProblem(field, "must not be empty", "add e.g. " + example);
        }
        return value.trim();
    }

    /** Parses a data rate such as {@code 400G}, {@code 1.6T} or {@code 800} (Gb/s) into Gb/s. */
    static double rateGbps(String text, String field) {
        Matcher m = RATE.matcher(text);
        if (!m.matches()) {
            throw new FieldProblem(field, "'" + text + "' is not a data rate", "write e.g. 400G, 800G, 1.6T or 3.2T");
        }
        double v = Double.parseDouble(m.group(1));
        double gbps = "T".equalsIgnoreCase(m.group(2)) ? v * 1000.0 : v;
        if (gbps <= 0 || gbps > 102_400) {
            throw new FieldProblem(field, "rate " + text + " is out of range", "use a rate between 1G and 102.4T");
        }
        return gbps;
    }

    /** Parses a count such as {@code 15T}, {@code 300B}, {@code 2.5e12} or {@code 1000000}. */
    static double count(String text, String field) {
        Matcher m = COUNT.matcher(text);
        if (!m.matches()) {
            throw new FieldProblem(field, "'" + text + "' is not a count", "write e.g. 15T, 300B or 2.5e12");
        }
        double v = Double.parseDouble(m.group(1));
        String suffix = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        double scale = switch (suffix) {
            case "K" -> 1e3;
            case "M" -> 1e6;
            case "B", "G" -> 1e9;
            case "T" -> 1e12;
            default -> 1.0;
        };
        double n = v * scale;
        if (!(n >= 1)) {
            throw new FieldProblem(field, "count " + text + " is out of range", "use a positive count such as 15T");
        }
        return n;
    }

    static String span(double min, double max) {
        return "[" + fmt(min) + ", " + (max == Double.MAX_VALUE ? "inf" : fmt(max)) + "]";
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
