package dev.nearlight.explore.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ids a scenario may name (accelerators, training presets, optics technologies), so an unknown id is reported with
 * its location and the closest valid ids. {@link #defaults()} lists the ids the issues define; at merge time the app
 * builds one from the loaded catalogue and the training presets.
 *
 * @param gpus accelerator ids
 * @param models training preset ids
 * @param optics optics technology ids usable per tier
 */
public record ScenarioVocabulary(Set<String> gpus, Set<String> models, Set<String> optics) {
    /** Copies the sets into sorted immutable sets. */
    public ScenarioVocabulary {
        gpus = Set.copyOf(new TreeSet<>(gpus));
        models = Set.copyOf(new TreeSet<>(models));
        optics = Set.copyOf(new TreeSet<>(optics));
    }

    /** The ids named in the project's issues: presets A100 to GB200, the Llama/GPT/Mixtral presets, the optics kinds. */
    public static ScenarioVocabulary defaults() {
        return new ScenarioVocabulary(
                Set.of("a100", "h100", "h200", "b200", "gb200"),
                Set.of(
                        "gpt3-175b",
                        "llama3-8b",
                        "llama3-70b",
                        "llama3-405b",
                        "mixtral-8x7b",
                        "megatron-1.7b",
                        "megatron-18b",
                        "megatron-76b",
                        "megatron-145b",
                        "megatron-310b",
                        "megatron-530b",
                        "megatron-1t"),
                Set.of("dac", "acc", "aec", "pluggable", "pluggable-fr", "lro", "lpo", "npo", "npo-els", "cpo"));
    }

    /** Up to three valid ids closest to {@code id}: ids containing it (or contained in it) first, then by edit distance. */
    public static List<String> closest(String id, Set<String> valid) {
        String key = id.toLowerCase(Locale.ROOT);
        List<String> sorted = new ArrayList<>(new TreeSet<>(valid));
        sorted.sort(Comparator.comparingInt((String v) -> related(key, v.toLowerCase(Locale.ROOT)) ? 0 : 1)
                .thenComparingInt(v -> distance(key, v.toLowerCase(Locale.ROOT))));
        return sorted.subList(0, Math.min(3, sorted.size()));
    }

    private static boolean related(String a, String b) {
        return a.length() >= 3 && (b.contains(a) || a.contains(b));
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
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
