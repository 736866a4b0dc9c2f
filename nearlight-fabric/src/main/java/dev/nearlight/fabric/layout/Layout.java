package dev.nearlight.fabric.layout;

import dev.nearlight.core.InputException;

/**
 * A simple physical floor plan from which link lengths follow. Racks stand in rows ({@code racksPerRow} racks of
 * {@code rackWidthM} side by side, rows {@code rowPitchM} apart). A cable between two racks runs up from its device to
 * the overhead tray ({@code trayRiseM}), along the tray in Manhattan fashion, and down again, plus {@code slackM} for
 * service loops. A cable inside one rack runs between the two rack-unit heights plus {@code slackM / 2}.
 *
 * <p>Defaults (see {@link #defaults()}) are ours, not measurements: 0.6 m wide racks, 16 racks per row, 2.4 m row
 * pitch (1.2 m rack depth plus a 1.2 m aisle), 42 U racks, 1.5 m tray rise, 1 m slack, 4 eight-GPU nodes per compute
 * rack (~40-50 kW air or liquid), 16 switches per network rack.
 *
 * @param rackWidthM width of one rack, metres
 * @param racksPerRow racks in one row
 * @param rowPitchM distance between the centre lines of neighbouring rows, metres
 * @param rackUnits rack units (U) per rack
 * @param trayRiseM vertical run from a device to the overhead tray, metres (each end)
 * @param slackM service loop added to every inter-rack cable, metres
 * @param nodesPerRack compute nodes (servers) per compute rack
 * @param switchesPerRack switches per network rack
 */
public record Layout(
        double rackWidthM,
        int racksPerRow,
        double rowPitchM,
        int rackUnits,
        double trayRiseM,
        double slackM,
        int nodesPerRack,
        int switchesPerRack) {
    /** Height of one rack unit, metres (1.75 in). */
    public static final double RACK_UNIT_M = 0.04445;

    public Layout {
        positive("rackWidthM", rackWidthM);
        positive("racksPerRow", racksPerRow);
        positive("rowPitchM", rowPitchM);
        positive("rackUnits", rackUnits);
        nonNegative("trayRiseM", trayRiseM);
        nonNegative("slackM", slackM);
        positive("nodesPerRack", nodesPerRack);
        positive("switchesPerRack", switchesPerRack);
    }

    /** The documented default floor plan. */
    public static Layout defaults() {
        return new Layout(0.6, 16, 2.4, 42, 1.5, 1.0, 4, 16);
    }

    /** Row of a rack (racks are numbered row by row). */
    public int row(int rack) {
        return rack / racksPerRow;
    }

    /** Position of a rack within its row. */
    public int column(int rack) {
        return rack % racksPerRow;
    }

    /**
     * Cable length between two devices, metres.
     *
     * @param rackA rack of the first device
     * @param unitA rack unit (height slot) of the first device
     * @param rackB rack of the second device
     * @param unitB rack unit of the second device
     */
    public double lengthM(int rackA, int unitA, int rackB, int unitB) {
        if (rackA == rackB) {
            return Math.abs(unitA - unitB) * RACK_UNIT_M + slackM / 2;
        }
        double dx = Math.abs(column(rackA) - column(rackB)) * rackWidthM;
        double dy = Math.abs(row(rackA) - row(rackB)) * rowPitchM;
        return dx + dy + 2 * trayRiseM + slackM;
    }

    /** Same layout with other compute-rack density. */
    public Layout withNodesPerRack(int n) {
        return new Layout(rackWidthM, racksPerRow, rowPitchM, rackUnits, trayRiseM, slackM, n, switchesPerRack);
    }

    private static void positive(String field, double v) {
        if (!(v > 0)) {
            throw new InputException("layout." + field + " = " + v + " must be > 0");
        }
    }

    private static void nonNegative(String field, double v) {
        if (!(v >= 0)) {
            throw new InputException("layout." + field + " = " + v + " must be >= 0");
        }
    }
}
