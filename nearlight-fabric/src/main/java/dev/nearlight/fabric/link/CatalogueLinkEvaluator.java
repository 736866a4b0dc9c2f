package dev.nearlight.fabric.link;

import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.Technology;
import dev.nearlight.core.catalogue.TechnologyFamily;
import dev.nearlight.core.link.LinkDesign;
import dev.nearlight.core.link.LinkModel;
import dev.nearlight.core.link.LinkReport;
import dev.nearlight.core.link.PhysicalLinkModel;
import dev.nearlight.core.link.PowerItem;
import dev.nearlight.fabric.device.OpticsPackaging;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Link quotes from the core catalogue and {@link PhysicalLinkModel}: each short technology family name (the same
 * names as {@link DefaultLinkEvaluator}) maps to the catalogue technology of that family at the link rate
 * ({@code npo} at 800G is {@code npo-800g}). Rates the catalogue does not offer for a family (e.g. 400G) are
 * evaluated at the nearest offered rate and power, cost, modules and lasers are scaled per bit ({@code rate /
 * offered}); latency is kept. PCIe/CXL links come from {@link DefaultLinkEvaluator}, whose x16 rates per generation
 * the catalogue does not all offer.
 */
public final class CatalogueLinkEvaluator implements LinkEvaluator {
    /** Short family name to catalogue id prefix. */
    public static final Map<String, String> FAMILY_PREFIX;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dac", "dac");
        m.put("acc", "acc");
        m.put("aec", "aec");
        m.put("pluggable-dsp", "pluggable-dsp-dr");
        m.put("pluggable-dsp-fr", "pluggable-dsp-fr");
        m.put("lro", "lro");
        m.put("lpo", "lpo");
        m.put("npo", "npo");
        m.put("npo-els", "npo-els");
        m.put("cpo", "cpo-els");
        FAMILY_PREFIX = java.util.Collections.unmodifiableMap(m);
    }

    private final Catalogue catalogue;
    private final LinkModel model;
    private final DefaultLinkEvaluator pcie = new DefaultLinkEvaluator();
    private final Map<String, Technology> techCache = new HashMap<>();
    private final List<String> ids;

    /** Evaluates links with the physical link model over a catalogue. */
    public CatalogueLinkEvaluator(Catalogue catalogue) {
        this.catalogue = catalogue;
        this.model = new PhysicalLinkModel(catalogue);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : FAMILY_PREFIX.entrySet()) {
            if (!offered(e.getValue()).isEmpty()) {
                out.add(e.getKey());
            }
        }
        out.add("pcie-copper");
        out.add("pcie-optical");
        this.ids = List.copyOf(out);
    }

    /** The catalogue behind the evaluator. */
    public Catalogue catalogue() {
        return catalogue;
    }

    private List<Technology> offered(String prefix) {
        List<Technology> out = new ArrayList<>();
        for (Technology t : catalogue.technologies()) {
            if (t.id().startsWith(prefix + "-")
                    && t.id().substring(prefix.length() + 1).matches("[0-9.]+[gt]")) {
                out.add(t);
            }
        }
        return out;
    }

    /** The catalogue technology used for a family at a rate (the offered rate closest to it, preferring above). */
    public Technology technologyFor(String family, double rateGbps) {
        String key = family + "@" + rateGbps;
        return techCache.computeIfAbsent(key, k -> {
            Technology best = null;
            for (Technology t : offered(FAMILY_PREFIX.get(family))) {
                if (best == null
                        || Math.abs(Math.log(t.rateGbps() / rateGbps))
                                < Math.abs(Math.log(best.rateGbps() / rateGbps)) - 1e-9) {
                    best = t;
                }
            }
            return best;
        });
    }

    private boolean isPcie(String id) {
        return id.startsWith("pcie");
    }

    @Override
    public List<String> technologyIds() {
        return ids;
    }

    @Override
    public List<String> copperTechnologies(boolean pcieLinks) {
        if (pcieLinks) {
            return pcie.copperTechnologies(true);
        }
        List<String> out = new ArrayList<>();
        for (String f : List.of("dac", "acc", "aec")) {
            if (ids.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    @Override
    public double reachM(String technologyId, double rateGbps) {
        if (isPcie(technologyId)) {
            return pcie.reachM(technologyId, rateGbps);
        }
        return technologyFor(technologyId, rateGbps).reachM().value();
    }

    @Override
    public LinkQuote quote(String technologyId, double rateGbps, double lengthM) {
        if (isPcie(technologyId)) {
            return pcie.quote(technologyId, rateGbps, lengthM);
        }
        Technology t = technologyFor(technologyId, rateGbps);
        double scale = rateGbps / t.rateGbps();
        LinkDesign d = LinkDesign.defaultFor(t.id(), t.rateGbps(), catalogue).withReachM(lengthM);
        LinkReport r = model.evaluate(d);
        double serdes = r.power(PowerItem.HOST_SERDES) * scale;
        double optics = r.powerW() * scale - serdes;
        TechnologyFamily fam = r.family();
        boolean engine = fam == TechnologyFamily.NPO || fam == TechnologyFamily.NPO_ELS || fam == TechnologyFamily.CPO;
        boolean pluggable =
                fam == TechnologyFamily.PLUGGABLE_DSP || fam == TechnologyFamily.LRO || fam == TechnologyFamily.LPO;
        boolean optical = "OPTICAL".equals(r.medium().name());
        int lanes = (int) Math.ceil(rateGbps / t.laneGbps());
        return new LinkQuote(
                technologyId,
                optical ? "optical" : "copper",
                r.feasible(),
                r.feasible() ? "" : String.join("; ", r.reasons()),
                optics,
                serdes,
                r.latencyNs(),
                r.costUsd() * scale,
                pluggable ? (int) Math.round(2 * r.modulesPerEnd() * Math.max(1, scale)) : 0,
                engine ? 2 * r.modulesPerEnd() * scale : 0,
                Double.isFinite(r.externalLaserModulesPerLink()) ? r.externalLaserModulesPerLink() * scale : 0,
                optical ? 2 * Math.max(1, lanes) : 0,
                1);
    }

    /**
     * Parts per end from the catalogue technology at the rate: a module's price per end ({@code endCostUsd}); an
     * engine's capacity ({@code engineGbps}, required for NPO/CPO) and its price at the technology's per-bit end
     * price ({@code endCostUsd / rateGbps x engineGbps}); the external laser module's price ({@code moduleCostUsd}
     * of its laser entry).
     */
    @Override
    public EndParts parts(String technologyId, double rateGbps) {
        if (isPcie(technologyId)) {
            return pcie.parts(technologyId, rateGbps);
        }
        Technology t = technologyFor(technologyId, rateGbps);
        double usdPerGbps = t.endCostUsd().value() / t.rateGbps();
        TechnologyFamily fam = t.family();
        if (t.medium() == dev.nearlight.core.catalogue.Medium.COPPER) {
            return new EndParts(EndParts.Kind.COPPER, OpticsPackaging.PLUGGABLE, 0, 0, 0, 0);
        }
        boolean engine = fam == TechnologyFamily.NPO || fam == TechnologyFamily.NPO_ELS || fam == TechnologyFamily.CPO;
        if (!engine) {
            return new EndParts(EndParts.Kind.PLUGGABLE, OpticsPackaging.PLUGGABLE, usdPerGbps * rateGbps, 0, 0, 0);
        }
        if (t.engineGbps() == null) {
            throw new InputException("technologies[" + t.id() + "]: an " + fam
                    + " technology needs engineGbps (the capacity of one optical engine), e.g. engineGbps: {value:"
                    + " 6400, min: 3200, max: 6400, unit: \"Gb/s\", source: ..., confidence: medium}");
        }
        double engineGbps = t.engineGbps().value();
        dev.nearlight.core.catalogue.Laser laser =
                Technology.NONE.equals(t.laser()) ? null : catalogue.laser(t.laser());
        boolean external = laser != null && laser.placement() == dev.nearlight.core.catalogue.LaserPlacement.EXTERNAL;
        return new EndParts(
                EndParts.Kind.ENGINE,
                fam == TechnologyFamily.CPO ? OpticsPackaging.CPO : OpticsPackaging.NPO,
                usdPerGbps * rateGbps,
                engineGbps,
                usdPerGbps * engineGbps,
                external ? laser.moduleCostUsd().value() : 0);
    }
}
