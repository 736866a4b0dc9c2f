package dev.nearlight.core.catalogue;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Finds the valid ids closest to a mistyped one (edit distance, with substring matches first). */
public final class Closest {
    private Closest() {}

    /** Up to {@code n} ids from {@code valid} closest to {@code wrong}. */
    public static List<String> ids(String wrong, Collection<String> valid, int n) {
        String w = wrong == null ? "" : wrong.toLowerCase(Locale.ROOT);
        return valid.stream()
                .sorted(Comparator.comparingInt((String v) -> score(w, v.toLowerCase(Locale.ROOT)))
                        .thenComparing(v -> v))
                .limit(n)
                .toList();
    }

    /** "closest: a, b, c" text for messages. */
    public static String hint(String wrong, Collection<String> valid) {
        return "closest: " + String.join(", ", ids(wrong, valid, 3));
    }

    private static int score(String w, String v) {
        int d = distance(w, v);
        if (!w.isEmpty() && (v.contains(w) || w.contains(v))) {
            d -= 100;
        }
        int prefix = 0;
        while (prefix < w.length() && prefix < v.length() && w.charAt(prefix) == v.charAt(prefix)) {
            prefix++;
        }
        return d - 2 * prefix;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
