package dev.nearlight.spark;

import dev.nearlight.app.Main;

/**
 * The main class of the {@code nearlight-spark} jar: the {@code nearlight} command line with the Spark engine on the
 * class path, for {@code spark-submit --class dev.nearlight.spark.SparkSweepMain nearlight-spark.jar sweep ... --engine
 * spark} (docs/sweep.md).
 */
public final class SparkSweepMain {
    private SparkSweepMain() {}

    /** Runs the CLI. */
    public static void main(String[] args) {
        Main.main(args);
    }
}
