package dev.nearlight.core.link;

/**
 * Where a link's length came from, so that a report can say whether it used the layout's length or fell back to the
 * catalogue's default length of the technology.
 */
public enum LengthSource {
    /** The caller gave the length (a fabric layout, {@code --reach-m}, a scenario). */
    CALLER("caller"),
    /** No length was given: the technology's {@code defaultReachM} from the catalogue. */
    CATALOGUE_DEFAULT("catalogue default");

    private final String label;

    LengthSource(String label) {
        this.label = label;
    }

    /** Short text for tables and JSON. */
    public String label() {
        return label;
    }
}
