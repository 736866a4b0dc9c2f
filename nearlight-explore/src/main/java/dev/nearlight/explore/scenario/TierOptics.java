package dev.nearlight.explore.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optics technology per fabric tier, by catalogue id (e.g. {@code pluggable}, {@code lpo}, {@code npo}, {@code
 * cpo}). For tori and dragonflies, {@code nodeLeaf} is the host link, {@code leafSpine} the local and {@code spineCore}
 * the global links.
 *
 * @param nodeLeaf GPU/NIC to first switch
 * @param leafSpine leaf to spine (fat trees with 2 or more tiers)
 * @param spineCore spine to core (3-tier fat trees only)
 */
public record TierOptics(String nodeLeaf, String leafSpine, String spineCore) {
    /** Trims the ids; the scenario checks which tiers are required. */
    public TierOptics {
        nodeLeaf = Checks.nonBlank(nodeLeaf, "nodeLeaf", "nodeLeaf: pluggable");
        leafSpine = leafSpine == null ? null : Checks.nonBlank(leafSpine, "leafSpine", "leafSpine: npo");
        spineCore = spineCore == null ? null : Checks.nonBlank(spineCore, "spineCore", "spineCore: cpo");
    }

    /** The tiers that are set, in order, keyed by their YAML field name. */
    public Map<String, String> byTier() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("nodeLeaf", nodeLeaf);
        if (leafSpine != null) {
            m.put("leafSpine", leafSpine);
        }
        if (spineCore != null) {
            m.put("spineCore", spineCore);
        }
        return m;
    }
}
