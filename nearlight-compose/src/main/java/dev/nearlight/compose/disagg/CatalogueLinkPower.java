package dev.nearlight.compose.disagg;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.link.LinkDesign;
import dev.nearlight.core.link.LinkReport;
import dev.nearlight.core.link.PhysicalLinkModel;
import dev.nearlight.core.link.PowerItem;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Link power from the core catalogue and {@link PhysicalLinkModel} where the catalogue has the technology, the
 * documented table ({@link TabulatedLinkPower}) otherwise. With a catalogue entry the path power is
 *
 * <ul>
 *   <li>the long segment: the link model's whole-link power at {@code distanceM} (host PHYs at both ends, the
 *       optical-aware retimers, driver/TIA/modulator and lasers of both ends, or the host PHYs alone over CopprLink);
 *   <li>plus each of the {@code switchLevels} other links: its two host PHYs as the link model counts them;
 *   <li>plus each electrical retimer: the table's retimer energy (the catalogue has no stand-alone retimer).
 * </ul>
 *
 * Catalogue entries used: {@code pcie5-copper} and {@code pcie6-copper} to the CopprLink entries, {@code
 * pcie5-optical-retimed}, {@code pcie6-optical-retimed} and {@code cxl3-optical-retimed} to the x16 optical entries
 * (which have an optical-aware retimer per end). Linear optics, PCIe 7 and CXL 2 have no catalogue entry.
 */
public final class CatalogueLinkPower implements LinkPowerModel {
    /** Disaggregation technology name to catalogue technology id. */
    private static final Map<String, String> IDS = Map.of(
            "pcie5-copper", "pcie5-x16-copprlink",
            "pcie6-copper", "pcie6-x16-copprlink",
            "pcie5-optical-retimed", "pcie5-x16-optical",
            "pcie6-optical-retimed", "pcie6-x16-optical",
            "cxl3-optical-retimed", "cxl-x16-optical");

    private final PhysicalLinkModel link;
    private final DisaggParameters params;
    private final TabulatedLinkPower table;

    /** A power model over the catalogue's link model, falling back to the table of {@code params}. */
    public CatalogueLinkPower(PhysicalLinkModel link, DisaggParameters params) {
        this.link = Objects.requireNonNull(link, "link");
        this.params = Objects.requireNonNull(params, "params");
        this.table = new TabulatedLinkPower(params);
    }

    /** Over the shipped catalogue. */
    public static CatalogueLinkPower standard(DisaggParameters params) {
        return new CatalogueLinkPower(new PhysicalLinkModel(Catalogue.defaults()), params);
    }

    /** The catalogue technology id for a disaggregation technology, or {@code null} when the catalogue has none. */
    public String catalogueId(Technology t) {
        String id = IDS.get(t.name());
        return id != null && link.catalogue().kindOf(id).isPresent() ? id : null;
    }

    @Override
    public double pathPowerW(FabricPath path) {
        String id = catalogueId(path.technology());
        if (id == null) {
            return table.pathPowerW(path);
        }
        LinkReport r = longSegment(id, path);
        return r.powerW() + path.switchLevels() * r.power(PowerItem.HOST_SERDES) + path.retimers() * retimerW(path);
    }

    @Override
    public String source(FabricPath path) {
        String id = catalogueId(path.technology());
        if (id == null) {
            return table.source(path) + " (no core catalogue entry for "
                    + path.technology().name() + ")";
        }
        return String.format(
                Locale.ROOT,
                "link model: %s at %.1f m (core catalogue, PhysicalLinkModel)%s",
                id,
                path.distanceM(),
                path.retimers() > 0 ? "; electrical retimers from the table" : "");
    }

    private LinkReport longSegment(String id, FabricPath path) {
        double rate = link.catalogue().technology(id).rateGbps();
        return link.evaluate(LinkDesign.defaultFor(id, rate, link.catalogue()).withReachM(path.distanceM()));
    }

    /** One electrical retimer from the table: energy times the x16 bit rate of both directions. */
    private double retimerW(FabricPath path) {
        DisaggParameters.Generation g = params.generation(path.technology().generation());
        return params.energy().retimerPjPerBit().value()
                * 2
                * 16
                * g.transferGtPerS().value()
                * 1e-3;
    }
}
