package dev.nearlight.core.catalogue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds of catalogue entries, each with its YAML key and the default file that holds it. */
public enum CatalogueKind {
    /** Interconnect technologies. */
    TECHNOLOGIES("technologies", Technology.class),
    /** Host SerDes classes. */
    SERDES("serdes", SerdesClass.class),
    /** PCB laminates and flyover media. */
    LAMINATES("laminates", Laminate.class),
    /** Vias, connectors and package escapes. */
    CHANNEL_ELEMENTS("channelElements", ChannelElement.class),
    /** Lasers (internal and external sources). */
    LASERS("lasers", Laser.class),
    /** Optical fibres. */
    FIBRES("fibres", Fibre.class),
    /** Copper cables. */
    CABLES("cables", Cable.class),
    /** FEC schemes. */
    FEC("fec", Fec.class),
    /** Optical PMD budgets. */
    PMDS("pmds", OpticalPmd.class),
    /** Cooling profiles. */
    COOLING("cooling", CoolingProfile.class),
    /** GPUs, switch ASICs and NICs. */
    ENDPOINTS("endpoints", Endpoint.class),
    /** Whole compute nodes: parts with power busy and idle and repair prices. */
    PLATFORMS("platforms", NodePlatform.class);

    private final String key;
    private final Class<? extends CatalogueEntry> type;

    CatalogueKind(String key, Class<? extends CatalogueEntry> type) {
        this.key = key;
        this.type = type;
    }

    /** YAML key of the list, e.g. {@code technologies}. */
    public String key() {
        return key;
    }

    /** Entry type. */
    public Class<? extends CatalogueEntry> type() {
        return type;
    }

    /** Default resource file name, e.g. {@code technologies.yaml}. */
    public String fileName() {
        return key.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT) + ".yaml";
    }

    /**
     * The kind for a YAML key or CLI name (case-insensitive; {@code channel-elements} and singulars such as {@code
     * technology} or {@code endpoint} also accepted).
     */
    public static Optional<CatalogueKind> parse(String text) {
        String t = text.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(k -> {
                    String key = k.key.toLowerCase(Locale.ROOT);
                    return key.equals(t)
                            || k.name()
                                    .replace("_", "")
                                    .toLowerCase(Locale.ROOT)
                                    .equals(t)
                            || singular(key).equals(t);
                })
                .findFirst();
    }

    private static String singular(String plural) {
        if (plural.endsWith("ies")) {
            return plural.substring(0, plural.length() - 3) + "y";
        }
        return plural.endsWith("s") ? plural.substring(0, plural.length() - 1) : plural;
    }

    /** All YAML keys, for messages. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(CatalogueKind::key).toList();
    }
}
