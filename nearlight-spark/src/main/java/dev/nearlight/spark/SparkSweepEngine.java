package dev.nearlight.spark;

import dev.nearlight.explore.sweep.DesignPoint;
import dev.nearlight.explore.sweep.PointEvaluator;
import dev.nearlight.explore.sweep.PointResult;
import dev.nearlight.explore.sweep.Sampler;
import dev.nearlight.explore.sweep.SweepEngine;
import dev.nearlight.explore.sweep.SweepFile;
import dev.nearlight.explore.sweep.SweepJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Evaluates a sweep on Apache Spark. The driver cuts the point range into chunks of consecutive ids and runs them in
 * waves of a few tasks per core; each task re-loads the sweep from the broadcast {@link SweepJob} (sweep file, base
 * scenario and catalogue texts, so executors need no shared file system), evaluates its points with the same {@link
 * PointEvaluator} as the local engine, and the driver delivers each wave's rows in point order. Memory on the driver is
 * bounded by one wave.
 */
public final class SparkSweepEngine implements SweepEngine {
    /** The master used when neither {@code --master} nor spark-submit set one. */
    public static final String DEFAULT_MASTER = "local[*]";

    private final String master;

    /** An engine on {@code master} (null: spark-submit's master, else {@link #DEFAULT_MASTER}). */
    public SparkSweepEngine(String master) {
        this.master = master;
    }

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public void run(SweepJob job, long from, long to, PointSink sink) throws IOException {
        if (from >= to) {
            return;
        }
        SparkConf conf = new SparkConf().setAppName("nearlight sweep");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster(DEFAULT_MASTER);
        }
        conf.set("spark.ui.enabled", conf.get("spark.ui.enabled", "false"));
        if (conf.get("spark.master").startsWith("local")) {
            // an in-process Spark talks to itself only: keep its driver on the loopback interface
            conf.set("spark.driver.host", conf.get("spark.driver.host", "127.0.0.1"));
            conf.set("spark.driver.bindAddress", conf.get("spark.driver.bindAddress", "127.0.0.1"));
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Broadcast<SweepJob> shipped = jsc.broadcast(job);
            int tasks = Math.max(1, jsc.defaultParallelism() * 4);
            long chunk = Math.max(1, Math.min(512, (to - from + tasks - 1) / tasks));
            long next = from;
            while (next < to) {
                List<long[]> wave = new ArrayList<>();
                for (int t = 0; t < tasks && next < to; t++) {
                    long end = Math.min(to, next + chunk);
                    wave.add(new long[] {next, end});
                    next = end;
                }
                List<PointResult> rows = jsc.parallelize(wave, wave.size())
                        .mapPartitions(ranges -> evaluate(shipped.value(), ranges))
                        .collect();
                for (PointResult r : rows) {
                    sink.accept(r);
                }
            }
        } finally {
            spark.stop();
        }
    }

    private static Iterator<PointResult> evaluate(SweepJob job, Iterator<long[]> ranges) {
        Evaluation e = Evaluation.of(job);
        List<PointResult> out = new ArrayList<>();
        while (ranges.hasNext()) {
            long[] r = ranges.next();
            for (DesignPoint p : e.sampler.points(r[0], r[1])) {
                out.add(e.evaluator.evaluate(p));
            }
        }
        return out.iterator();
    }

    /**
     * The sweep, sampler and evaluator of a job in one executor JVM, kept across its tasks: a task is a few hundred
     * points, while loading the vocabulary and building fabrics takes seconds. At most {@value #KEPT} jobs are kept.
     */
    private static final class Evaluation {
        static final int KEPT = 2;
        private static final Map<SweepJob, Evaluation> BY_JOB = new LinkedHashMap<>(4, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SweepJob, Evaluation> eldest) {
                return size() > KEPT;
            }
        };
        final Sampler sampler;
        final PointEvaluator evaluator;

        private Evaluation(SweepJob job) {
            SweepFile sweep = job.sweep();
            this.sampler = new Sampler(sweep);
            this.evaluator = new PointEvaluator(sweep, job.cataloguePaths());
        }

        static Evaluation of(SweepJob job) {
            synchronized (BY_JOB) {
                return BY_JOB.computeIfAbsent(job, Evaluation::new);
            }
        }
    }
}
