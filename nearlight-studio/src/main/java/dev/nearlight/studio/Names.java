package dev.nearlight.studio;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small naming rules of the studio: the source name that located messages of an edited scenario carry, safe names of
 * saved catalogues, and the split of a loader message ({@code source:line:column: field: problem}) into its parts so
 * the browser can show it at the field.
 */
final class Names {
    /** The name an edited scenario has in the loader's messages. */
    static final String SCENARIO_SOURCE = "scenario.yaml";

    /** The name an edited sweep has in the loaders' messages. */
    static final String SWEEP_SOURCE = "sweep.yaml";

    /** Allowed names of saved catalogues. */
    static final Pattern CATALOGUE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final Pattern LOCATED = Pattern.compile("^[^:]*:(\\d+):(\\d+): ([^ :]+): .*", Pattern.DOTALL);

    private Names() {}

    static String fileSafe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * The parts of a located message.
     *
     * @param line 1-based line or 0 when the message names none
     * @param column 1-based column or 0
     * @param field the field path ({@code cluster.gpus}, {@code workloads[0].tp}) or null
     */
    record Location(int line, int column, String field) {}

    static Location locate(String message) {
        Matcher m = LOCATED.matcher(message == null ? "" : message);
        if (!m.matches()) {
            return new Location(0, 0, null);
        }
        return new Location(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3));
    }
}
