package dev.nearlight.compose.disagg;

/** How the long segment of a PCIe/CXL path is carried. */
public enum Medium {
    /** CopprLink-class copper cable; no conversion, reach limited to 1-2 m. */
    COPPER("copper"),
    /** Linear (retimer-less) optics: one E-O-E conversion of a few ns. */
    OPTICAL_LINEAR("optical"),
    /** Optical link with an optical-aware retimer at each end (PCIe 6.4/7.0 ECN). */
    OPTICAL_RETIMED("optical-retimed");

    private final String suffix;

    Medium(String suffix) {
        this.suffix = suffix;
    }

    /** The suffix used in technology names, e.g. {@code optical} in {@code pcie6-optical}. */
    public String suffix() {
        return suffix;
    }

    /** Whether the long segment is fibre. */
    public boolean optical() {
        return this != COPPER;
    }
}
