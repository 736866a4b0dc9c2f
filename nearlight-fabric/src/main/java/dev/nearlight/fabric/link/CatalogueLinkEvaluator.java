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
 * ({@code npo} at 800G is {@code npo-800g}; {@code cpo} is {@code cpo-els-<rate>}, else {@code cpo-<rate>}). A rate
 * the catalogue does not offer for a family is an {@link InputException} naming the family, the rate, the rates it
 * has and the fix ({@code --catalogue FILE}); no other rate's part is substituted or scaled. Each link is evaluated
 * at the length the caller gives (the fabric's layout). PCIe/CXL links come from {@link DefaultLinkEvaluator},
 * whose x16 rates per generation the catalogue does not all offer.
 */
public final class CatalogueLinkEvaluator implements LinkEvaluator {
    /** Short family name to catalogue id prefixes, in order of preference at a rate. */
    public static final Map<String, List<String>> FAMILY_PREFIX;

    static {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("dac", List.of("dac"));
        m.put("acc", List.of("acc"));
        m.put("aec", List.of("aec"));
        m.put("pluggable-dsp", List.of("pluggable-dsp-dr"));
        m.put("pluggable-dsp-fr", List.of("pluggable-dsp-fr"));
        m.put("lro", List.of("lro"));
        m.put("lpo", List.of("lpo"));
        m.put("npo", List.of("npo"));
        m.put("npo-els", List.of("npo-els"));
        m.put("cpo", List.of("cpo-els", "cpo"));
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
        for (Map.Entry<String, List<String>> e : FAMILY_PREFIX.entrySet()) {
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

    private List<Technology> offered(List<String> prefixes) {
        List<Technology> out = new ArrayList<>();
        for (String prefix : prefixes) {
            out.addAll(LinkDesign.family(prefix, catalogue));
        }
        return out;
    }

    /**
     * The catalogue technology of a family at exactly this rate; an {@link InputException} naming the rates the
     * family has when the catalogue offers none at it.
     */
    public Technology technologyFor(String family, double rateGbps) {
        String key = family + "@" + rateGbps;
        Technology cached = techCache.get(key);
        if (cached != null) {
            return cached;
        }
        List<String> prefixes = FAMILY_PREFIX.get(family);
        if (prefixes == null) {
            throw new InputException("optics '" + family + "' is not a catalogue technology family (use one of "
                    + String.join(", ", FAMILY_PREFIX.keySet()) + ")");
        }
        List<Technology> offered = offered(prefixes);
        for (Technology t : offered) {
            if (Math.abs(t.rateGbps() - rateGbps) < 0.5) {
                techCache.put(key, t);
                return t;
            }
        }
        throw new dev.nearlight.core.link.PartNotOffered(
                family, rateGbps, offered.stream().map(Technology::rateGbps).toList());
    }

    @Override
    public boolean offers(String technologyId, double rateGbps) {
        if (isPcie(technologyId)) {
            return true;
        }
        List<String> prefixes = FAMILY_PREFIX.get(technologyId);
        return prefixes != null && offered(prefixes).stream().anyMatch(t -> Math.abs(t.rateGbps() - rateGbps) < 0.5);
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
        LinkDesign d = LinkDesign.defaultFor(t.id(), t.rateGbps(), catalogue).withReachM(lengthM);
        LinkReport r = model.evaluate(d);
        double serdes = r.power(PowerItem.HOST_SERDES);
        double optics = r.powerW() - serdes;
        TechnologyFamily fam = r.family();
        boolean engine = fam == TechnologyFamily.NPO || fam == TechnologyFamily.NPO_ELS || fam == TechnologyFamily.CPO;
        boolean pluggable =
                fam == TechnologyFamily.PLUGGABLE_DSP || fam == TechnologyFamily.LRO || fam == TechnologyFamily.LPO;
        boolean optical = "OPTICAL".equals(r.medium().name());
        int lanes = t.lanes();
        return new LinkQuote(
                technologyId,
                optical ? "optical" : "copper",
                r.feasible(),
                r.feasible() ? "" : String.join("; ", r.reasons()),
                optics,
                serdes,
                r.latencyNs(),
                r.costUsd(),
                pluggable ? 2 * r.modulesPerEnd() : 0,
                engine ? 2 * r.modulesPerEnd() : 0,
                Double.isFinite(r.externalLaserModulesPerLink()) ? r.externalLaserModulesPerLink() : 0,
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
