package dev.nearlight.fabric.link;

import dev.nearlight.core.InputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Short optics names accepted on the command line and in spec files, mapped to technology ids. {@code pluggable}
 * means a DSP-retimed faceplate module; {@code lpo} linear pluggable; {@code lro} linear-receive (half-retimed);
 * {@code npo} near-packaged optical engine on the board; {@code cpo} co-packaged engine with external lasers;
 * {@code dac}, {@code acc}, {@code aec} passive, redriven and retimed copper. Full ids are accepted as they are.
 */
public final class Technologies {
    /** Short name to technology id. */
    public static final Map<String, String> SHORT_NAMES;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pluggable", "pluggable-dsp");
        m.put("dsp", "pluggable-dsp");
        m.put("lpo", "lpo");
        m.put("lro", "lro");
        m.put("npo", "npo");
        m.put("cpo", "cpo");
        m.put("dac", "dac");
        m.put("acc", "acc");
        m.put("aec", "aec");
        m.put("pcie-optical", "pcie-optical");
        m.put("pcie-copper", "pcie-copper");
        SHORT_NAMES = java.util.Collections.unmodifiableMap(m);
    }

    private Technologies() {}

    /** Optics choices compared side by side by {@code --compare-optics}. */
    public static final List<String> COMPARED = List.of("pluggable-dsp", "lro", "lpo", "npo", "cpo");

    /**
     * The {@link #COMPARED} choices the evaluator has parts of at every one of the rates (e.g. no LRO at 400G): a
     * comparison shows the parts that exist rather than failing on, or inventing, an absent one.
     */
    public static List<String> comparedAt(LinkEvaluator evaluator, java.util.Collection<Double> ratesGbps) {
        return COMPARED.stream()
                .filter(t -> ratesGbps.stream().allMatch(r -> evaluator.offers(t, r)))
                .toList();
    }

    /**
     * Resolves a short name or id against the evaluator's known ids.
     *
     * @param option the option or field name, for the error message
     */
    public static String resolve(String nameOrId, LinkEvaluator evaluator, String option) {
        String key = nameOrId.trim().toLowerCase(java.util.Locale.ROOT);
        String id = SHORT_NAMES.getOrDefault(key, key);
        if (!evaluator.technologyIds().contains(id)) {
            throw new InputException(option + " '" + nameOrId + "' is not a known optics technology; use one of "
                    + String.join(", ", SHORT_NAMES.keySet()) + " or an id: "
                    + String.join(", ", evaluator.technologyIds()));
        }
        return id;
    }
}
