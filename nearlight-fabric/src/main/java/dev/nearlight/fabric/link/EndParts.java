package dev.nearlight.fabric.link;

import dev.nearlight.fabric.device.OpticsPackaging;
import java.util.Objects;

/**
 * What one end of a link of a technology puts into the box it plugs into, and the unit prices of those parts: the
 * facts a bill of materials counts per switch and per NIC (a pluggable module per port, optical engines sized by
 * bandwidth, external laser sources) rather than per link.
 *
 * @param kind copper cable end, pluggable module in a cage, or a port on an NPO/CPO optical engine
 * @param packaging where the part sits: {@code PLUGGABLE} for cages (copper and modules), {@code NPO} or {@code CPO}
 * @param portUsd price of the part per port: one pluggable module, or an engine's share of one port (0 for copper:
 *     a copper cable is priced whole, as one FRU, in the link quote)
 * @param engineGbps capacity of one optical engine (0 unless {@code kind == ENGINE})
 * @param engineUsd price of one whole optical engine (0 unless {@code kind == ENGINE})
 * @param elsUsd price of one external laser source module (0 without external lasers, or when the evaluator
 *     prices lasers inside {@code portUsd})
 */
public record EndParts(
        Kind kind, OpticsPackaging packaging, double portUsd, double engineGbps, double engineUsd, double elsUsd) {
    /** The kind of part at a link end. */
    public enum Kind {
        /** A copper cable end (DAC, ACC, AEC, CopprLink): the cable is one FRU; no module, no engine. */
        COPPER,
        /** A pluggable module in a faceplate cage (DSP, LRO, LPO, optical PCIe). */
        PLUGGABLE,
        /** A port of an NPO/CPO optical engine: the box has no cage for it. */
        ENGINE
    }

    public EndParts {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(packaging, "packaging");
        if (portUsd < 0 || engineUsd < 0 || elsUsd < 0) {
            throw new IllegalArgumentException("part prices must be >= 0");
        }
        if (kind == Kind.ENGINE && !(engineGbps > 0)) {
            throw new IllegalArgumentException("an engine end needs engineGbps > 0");
        }
    }

    /** Whether the end is a port of an NPO/CPO engine (no cage: copper can never be planned on it). */
    public boolean engine() {
        return kind == Kind.ENGINE;
    }
}
