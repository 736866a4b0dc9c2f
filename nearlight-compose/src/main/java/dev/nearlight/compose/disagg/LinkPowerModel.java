package dev.nearlight.compose.disagg;

/**
 * Power of the links on a {@link FabricPath}: {@link CatalogueLinkPower} (the core link model, the default of the CLI)
 * or {@link TabulatedLinkPower} (the documented per-bit energies of the parameter file).
 */
public interface LinkPowerModel {
    /** Power in watts of all links, conversions and retimers of the path, both directions at full x16 rate. */
    double pathPowerW(FabricPath path);

    /** Where the power figure of {@code path} comes from, one line (reported as {@code linkPowerSource}). */
    default String source(FabricPath path) {
        return getClass().getSimpleName();
    }
}
