package dev.nearlight.compose.disagg;

/**
 * Power of the links on a {@link FabricPath}. This is the seam where the core physical-layer link model plugs in when
 * it arrives; until then {@link TabulatedLinkPower} uses the documented per-bit energies of the parameter file.
 */
public interface LinkPowerModel {
    /** Power in watts of all links, conversions and retimers of the path, both directions at full x16 rate. */
    double pathPowerW(FabricPath path);
}
