package dev.nearlight.explore.tco;

/**
 * Yearly repair cost split by boundary: parts and labour of the GPU nodes and of the scale-out fabric.
 *
 * @param nodePartsUsdPerYear parts swapped in GPU nodes per year
 * @param nodeLabourUsdPerYear labour of node repairs per year
 * @param fabricPartsUsdPerYear parts swapped in the fabric (switches, optics, lasers, cables) per year
 * @param fabricLabourUsdPerYear labour of fabric repairs per year
 */
public record RepairCost(
        double nodePartsUsdPerYear,
        double nodeLabourUsdPerYear,
        double fabricPartsUsdPerYear,
        double fabricLabourUsdPerYear) {
    /** No repairs. */
    public static final RepairCost NONE = new RepairCost(0, 0, 0, 0);

    /** Checks that every figure is finite and non-negative. */
    public RepairCost {
        for (double v :
                new double[] {nodePartsUsdPerYear, nodeLabourUsdPerYear, fabricPartsUsdPerYear, fabricLabourUsdPerYear
                }) {
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("repair costs must be finite and >= 0, was " + v);
            }
        }
    }

    /** Node parts and labour per year. */
    public double nodeUsdPerYear() {
        return nodePartsUsdPerYear + nodeLabourUsdPerYear;
    }

    /** Fabric parts and labour per year. */
    public double fabricUsdPerYear() {
        return fabricPartsUsdPerYear + fabricLabourUsdPerYear;
    }
}
