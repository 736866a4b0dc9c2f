package dev.nearlight.core.catalogue;

/** Host SerDes reach classes, in order of rising channel budget and power. */
public enum SerdesTier {
    /** Extra-short reach: die to die or die to optical engine in one package. */
    XSR,
    /** XSR+ (OIF CEI-112G-XSR+, 13 dB): die to a nearby optical engine, CPO and NPO. */
    XSR_PLUS,
    /** Very short reach: chip to pluggable module. */
    VSR,
    /** Medium reach: chip to chip over a board. */
    MR,
    /** Long reach / KR / CR: backplanes, passive copper and linear optics. */
    LR
}
