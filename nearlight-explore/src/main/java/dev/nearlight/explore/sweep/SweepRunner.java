package dev.nearlight.explore.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.CatalogueKind;
import dev.nearlight.explore.compare.Metric;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs a sweep into an output directory and makes it reproducible and resumable. The directory holds the sweep file
 * and base scenario as read ({@code sweep.yaml}, {@code base.yaml}), {@code manifest.json} (seed, sampling, axes,
 * objectives, constraints and the SHA-256 of the sweep, base and merged catalogue), {@code results.csv} (streamed, the
 * journal), {@code progress.json} (points done and the CSV bytes that hold them, written after each flush),
 * {@code results.parquet} and {@code analysis.json}. A resumed run checks the manifest, cuts the CSV back to the
 * journal, replays its rows into the Parquet file and the analysis, and evaluates the remaining points: points are
 * evaluated by id, so the result set is the same as an uninterrupted run's.
 */
public final class SweepRunner {
    /** Progress of a run. */
    public interface Listener {
        /** The run starts with {@code done} of {@code total} points already in the journal. */
        void started(long total, long done);

        /** {@code done} of {@code total} points are written. */
        void progress(long done, long total);

        /** The run ended (also after a failure). */
        void finished();
    }

    static final String SCHEMA = "nearlight-sweep/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long FLUSH_NANOS = 1_000_000_000L;

    private SweepRunner() {}

    /**
     * Runs (or resumes) the sweep.
     *
     * @param job the sweep's texts and catalogues
     * @param catalogues the catalogue files (for the hash)
     * @param engine the engine evaluating points
     * @param outDir the output directory
     * @param resume continue the sweep already in {@code outDir}
     * @param listener progress
     */
    public static SweepOutcome run(
            SweepJob job, List<Path> catalogues, SweepEngine engine, Path outDir, boolean resume, Listener listener)
            throws IOException {
        SweepFile sweep = job.sweep();
        Sampler sampler = new Sampler(sweep);
        long total = sampler.size();
        String catalogueHash = catalogueSha256(Catalogue.load(catalogues));
        ObjectNode manifest = manifest(sweep, job, total, catalogueHash, engine.name());
        Path csv = outDir.resolve("results.csv");
        Path progress = outDir.resolve("progress.json");
        Path manifestFile = outDir.resolve("manifest.json");
        Files.createDirectories(outDir);
        long done = 0;
        long csvBytes;
        SweepAnalysis analysis = new SweepAnalysis(sweep, total);
        ResultsParquet parquet;
        if (Files.exists(csv)) {
            if (!resume) {
                throw new InputException("--out " + outDir
                        + ": already holds a sweep (add --resume to continue it, or choose an empty directory)");
            }
            checkSameSweep(outDir, manifestFile, manifest);
            long[] journal = readProgress(progress);
            done = journal[0];
            csvBytes = journal[1];
            try (RandomAccessFile f = new RandomAccessFile(csv.toFile(), "rw")) {
                if (csvBytes <= 0 || csvBytes > f.length()) {
                    csvBytes = header(sweep).length;
                    done = 0;
                }
                f.setLength(csvBytes);
            }
            parquet = new ResultsParquet(outDir.resolve("results.parquet"), sweep.axes());
            replay(csv, sweep, parquet, analysis);
        } else {
            if (resume && Files.exists(manifestFile)) {
                checkSameSweep(outDir, manifestFile, manifest);
            }
            Files.writeString(outDir.resolve("sweep.yaml"), job.source().sweepText(), StandardCharsets.UTF_8);
            if (job.source().baseText() != null) {
                Files.writeString(outDir.resolve("base.yaml"), job.source().baseText(), StandardCharsets.UTF_8);
            }
            Files.writeString(manifestFile, JSON.writeValueAsString(manifest), StandardCharsets.UTF_8);
            Files.write(csv, header(sweep));
            csvBytes = header(sweep).length;
            writeProgress(progress, 0, csvBytes);
            parquet = new ResultsParquet(outDir.resolve("results.parquet"), sweep.axes());
        }
        long resumedFrom = done;
        listener.started(total, done);
        boolean completed = false;
        try (OutputStream out = Files.newOutputStream(csv, StandardOpenOption.APPEND)) {
            Journal j = new Journal(out, progress, done, csvBytes);
            try {
                engine.run(job, done, total, r -> {
                    StringBuilder sb = new StringBuilder();
                    for (SweepRow row : r.rows()) {
                        ResultsCsv.append(sb, row);
                        parquet.write(row);
                    }
                    analysis.add(r);
                    j.point(sb.toString().getBytes(StandardCharsets.UTF_8));
                    listener.progress(j.points, total);
                });
                completed = true;
            } finally {
                j.flush();
            }
        } finally {
            if (completed) {
                parquet.close();
            } else {
                parquet.abandon();
            }
            listener.finished();
        }
        SweepOutcome outcome = new SweepOutcome(sweep, outDir, total, resumedFrom, catalogueHash, analysis.result());
        Files.writeString(
                outDir.resolve("analysis.json"),
                JSON.writeValueAsString(SweepJson.analysis(outcome)),
                StandardCharsets.UTF_8);
        return outcome;
    }

    /** Appends whole points to the CSV and records in {@code progress.json} how many are safely on disk. */
    private static final class Journal {
        final OutputStream out;
        final Path progress;
        long points;
        long bytes;
        long last = System.nanoTime();

        Journal(OutputStream out, Path progress, long points, long bytes) {
            this.out = out;
            this.progress = progress;
            this.points = points;
            this.bytes = bytes;
        }

        void point(byte[] rows) throws IOException {
            out.write(rows);
            points++;
            bytes += rows.length;
            if (System.nanoTime() - last > FLUSH_NANOS) {
                flush();
            }
        }

        void flush() throws IOException {
            out.flush();
            writeProgress(progress, points, bytes);
            last = System.nanoTime();
        }
    }

    private static byte[] header(SweepFile sweep) {
        return (ResultsCsv.header(sweep.axes()) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void replay(Path csv, SweepFile sweep, ResultsParquet parquet, SweepAnalysis analysis)
            throws IOException {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            long point = -1;
            List<SweepRow> rows = new java.util.ArrayList<>();
            while ((line = in.readLine()) != null) {
                SweepRow r = ResultsCsv.parse(line, sweep.axes().size());
                if (r.point() != point && !rows.isEmpty()) {
                    analysis.add(new PointResult(point, rows));
                    rows = new java.util.ArrayList<>();
                }
                point = r.point();
                rows.add(r);
                parquet.write(r);
            }
            if (!rows.isEmpty()) {
                analysis.add(new PointResult(point, rows));
            }
        }
    }

    private static void checkSameSweep(Path outDir, Path manifestFile, ObjectNode now) throws IOException {
        if (!Files.exists(manifestFile)) {
            throw new InputException("--resume: " + outDir
                    + " has results but no manifest.json (start again in an empty" + " directory)");
        }
        ObjectNode before = (ObjectNode) JSON.readTree(manifestFile.toFile());
        for (String key : List.of("sweepSha256", "baseSha256", "catalogueSha256", "points")) {
            if (!now.path(key).asText().equals(before.path(key).asText())) {
                throw new InputException("--resume: " + outDir + " holds another sweep (its " + key + " is "
                        + before.path(key).asText() + ", now " + now.path(key).asText()
                        + ") (resume with the same sweep, base and catalogue files, or choose another --out)");
            }
        }
    }

    private static long[] readProgress(Path progress) throws IOException {
        if (!Files.exists(progress)) {
            return new long[] {0, 0};
        }
        try {
            ObjectNode p = (ObjectNode) JSON.readTree(progress.toFile());
            return new long[] {p.path("points").asLong(), p.path("csvBytes").asLong()};
        } catch (IOException | ClassCastException e) {
            return new long[] {0, 0};
        }
    }

    private static void writeProgress(Path progress, long points, long bytes) throws IOException {
        Path tmp = progress.resolveSibling(progress.getFileName() + ".tmp");
        Files.writeString(tmp, "{\"points\": " + points + ", \"csvBytes\": " + bytes + "}\n", StandardCharsets.UTF_8);
        Files.move(tmp, progress, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static ObjectNode manifest(SweepFile sweep, SweepJob job, long total, String catalogueHash, String engine) {
        ObjectNode m = JSON.createObjectNode();
        m.put("schema", SCHEMA);
        m.put("name", sweep.name());
        m.put("sweepFile", job.source().sweepSource());
        m.put("sweepSha256", sha256(job.source().sweepText()));
        m.put("baseFile", sweep.baseSource());
        m.put(
                "baseSha256",
                job.source().baseText() == null ? "inline" : sha256(job.source().baseText()));
        m.put("method", sweep.sampling().method().id());
        m.put("seed", sweep.sampling().seed());
        m.put("scramble", sweep.sampling().scramble());
        m.put("points", total);
        ArrayNode axes = m.putArray("axes");
        sweep.axes().forEach(a -> axes.add(a.name()));
        ArrayNode obj = m.putArray("objectives");
        sweep.objectives().forEach(o -> obj.add(o.id()));
        ArrayNode cons = m.putArray("constraints");
        sweep.constraints().forEach(c -> cons.add(c.toString()));
        ArrayNode cats = m.putArray("catalogues");
        job.catalogueNames().forEach(cats::add);
        m.put("catalogueSha256", catalogueHash);
        ArrayNode metrics = m.putArray("metrics");
        Metric.ids().forEach(metrics::add);
        m.put("engine", engine);
        return m;
    }

    /** SHA-256 over every entry of the merged catalogue (kind by kind, in catalogue order). */
    public static String catalogueSha256(Catalogue catalogue) {
        StringBuilder sb = new StringBuilder();
        for (CatalogueKind k : CatalogueKind.values()) {
            sb.append(k).append('\n');
            catalogue.entries(k).forEach(e -> sb.append(e).append('\n'));
        }
        return sha256(sb.toString());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
