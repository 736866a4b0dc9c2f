package dev.nearlight.compose.disagg;

import java.util.Objects;

/**
 * Link power from per-bit energies: each of the {@code switchLevels + 1} links has two SerDes ends; each electrical
 * retimer adds its energy; linear optics add the E-O-E energy once; retimed optics add it plus two optical-aware
 * retimers. Energy (pJ/bit) times the x16 bit rate of both directions ({@code 2 * 16 * GT/s} Gb/s) gives watts.
 */
public final class TabulatedLinkPower implements LinkPowerModel {
    private final DisaggParameters params;

    /** A power model over the given parameters. */
    public TabulatedLinkPower(DisaggParameters params) {
        this.params = Objects.requireNonNull(params, "params");
    }

    @Override
    public String source(FabricPath path) {
        return "table: per-bit energies of the disaggregation parameters";
    }

    @Override
    public double pathPowerW(FabricPath path) {
        DisaggParameters.Energy e = params.energy();
        DisaggParameters.Generation g = params.generation(path.technology().generation());
        double links = path.switchLevels() + 1;
        double pj = links * 2 * e.serdesPjPerBit().value()
                + path.retimers() * e.retimerPjPerBit().value();
        switch (path.technology().medium()) {
            case OPTICAL_LINEAR -> pj += e.linearOpticsPjPerBit().value();
            case OPTICAL_RETIMED ->
                pj += e.linearOpticsPjPerBit().value() + 2 * e.retimerPjPerBit().value();
            case COPPER -> {}
        }
        double gbps = 2 * 16 * g.transferGtPerS().value();
        return pj * gbps * 1e-3;
    }
}
