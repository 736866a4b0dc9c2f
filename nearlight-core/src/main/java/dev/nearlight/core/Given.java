package dev.nearlight.core;

/** Which of several optional inputs were given, for the "this option excludes those" checks of the CLI and scenarios. */
public final class Given {
    private Given() {}

    /**
     * The name of the first non-null value, in order, or null if none was given; {@code names[i]} names {@code
     * values[i]}.
     */
    public static String first(String[] names, Object... values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException(names.length + " names for " + values.length + " values");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                return names[i];
            }
        }
        return null;
    }
}
