package dev.nearlight.core.link;

/** Items of a link's one-way latency breakdown. */
public enum LatencyItem {
    /** Host SerDes Tx plus Rx on every electrical hop. */
    SERDES("serdes"),
    /** Module DSP, cable or board retimers. */
    DSP_RETIMER("dspRetimer"),
    /** Linear electrical-optical-electrical conversion (driver, TIA). */
    EOE("eoe"),
    /** FEC encode plus decode. */
    FEC("fec"),
    /** Propagation in host PCB traces (both ends). */
    PROPAGATION_PCB("propagationPcb"),
    /** Propagation in the copper cable or fibre. */
    PROPAGATION_MEDIUM("propagationMedium");

    private final String key;

    LatencyItem(String key) {
        this.key = key;
    }

    /** JSON key. */
    public String key() {
        return key;
    }
}
