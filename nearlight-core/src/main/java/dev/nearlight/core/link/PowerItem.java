package dev.nearlight.core.link;

/** Items of a link's power breakdown (both ends summed), each counted once at its own boundary. */
public enum PowerItem {
    /** Host SerDes at both ends (boundary HOST_SERDES). */
    HOST_SERDES("hostSerdes"),
    /** Module DSP, cable or board retimers. */
    DSP_RETIMER("dspRetimer"),
    /** Drivers, TIAs, modulators and module control. */
    DRIVER_TIA_MODULATOR("driverTiaModulator"),
    /** Lasers, including the external-source wall-plug loss. */
    LASER("laser");

    private final String key;

    PowerItem(String key) {
        this.key = key;
    }

    /** JSON key. */
    public String key() {
        return key;
    }
}
