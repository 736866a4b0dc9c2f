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
    /**
     * Suffix of switch-only engine optics: {@code cpo-switch} puts CPO engines on the switch ends of a class and
     * leaves a host-facing link's NIC end to what the node ships ({@code nicOptics}); on switch-to-switch classes it
     * is plain {@code cpo}.
     */
    public static final String SWITCH_ONLY_SUFFIX = "-switch";

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
        m.put("npo-switch", "npo" + SWITCH_ONLY_SUFFIX);
        m.put("cpo-switch", "cpo" + SWITCH_ONLY_SUFFIX);
        m.put("dac", "dac");
        m.put("acc", "acc");
        m.put("aec", "aec");
        m.put("pcie-optical", "pcie-optical");
        m.put("pcie-copper", "pcie-copper");
        SHORT_NAMES = java.util.Collections.unmodifiableMap(m);
    }

    private Technologies() {}

    /** Rate at which {@link #resolve} asks an evaluator whether a technology is engine-based (any offered rate). */
    static final double REFERENCE_RATE_GBPS = 800;

    /**
     * Optics choices compared side by side by {@code --compare-optics}. NPO and CPO are the switch-only variants:
     * the catalogue's NICs (ConnectX-7/8 class, H100/B200 nodes) ship pluggables, not engines.
     */
    public static final List<String> COMPARED = List.of("pluggable-dsp", "lro", "lpo", "npo-switch", "cpo-switch");

    /** Whether an optics id is a switch-only variant ({@code npo-switch}, {@code cpo-switch}). */
    public static boolean switchOnly(String id) {
        return id.endsWith(SWITCH_ONLY_SUFFIX);
    }

    /** The technology id without the switch-only suffix ({@code cpo-switch} -> {@code cpo}). */
    public static String baseOf(String id) {
        return switchOnly(id) ? id.substring(0, id.length() - SWITCH_ONLY_SUFFIX.length()) : id;
    }

    /**
     * The {@link #COMPARED} choices the evaluator has parts of at every one of the rates (e.g. no LRO at 400G): a
     * comparison shows the parts that exist rather than failing on, or inventing, an absent one.
     */
    public static List<String> comparedAt(LinkEvaluator evaluator, java.util.Collection<Double> ratesGbps) {
        return COMPARED.stream()
                .filter(t -> ratesGbps.stream()
                        .allMatch(r -> evaluator.offers(
                                t.endsWith(SWITCH_ONLY_SUFFIX)
                                        ? t.substring(0, t.length() - SWITCH_ONLY_SUFFIX.length())
                                        : t,
                                r)))
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
        String base = baseOf(id);
        if (switchOnly(id)
                && !(evaluator.technologyIds().contains(base)
                        && evaluator.parts(base, REFERENCE_RATE_GBPS).engine())) {
            throw new InputException(option + " '" + nameOrId + "': only NPO/CPO engines have a switch-only variant;"
                    + " use npo-switch, cpo-switch or " + base);
        }
        if (!evaluator.technologyIds().contains(base)) {
            throw new InputException(option + " '" + nameOrId + "' is not a known optics technology; use one of "
                    + String.join(", ", SHORT_NAMES.keySet()) + " or an id: "
                    + String.join(", ", evaluator.technologyIds()));
        }
        return id;
    }
}
