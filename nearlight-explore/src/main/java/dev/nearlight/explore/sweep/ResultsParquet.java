package dev.nearlight.explore.sweep;

import dev.nearlight.explore.compare.Metric;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Streams sweep rows into a Parquet file with parquet-java's Hadoop-free {@link LocalOutputFile}: one column per CSV
 * column, axis values as DOUBLE when the axis is numeric, else UTF-8 strings; metrics as optional DOUBLE (null when not
 * applicable). Rows go to {@code NAME.partial} and the file is renamed to {@code NAME} when closed, so a killed sweep
 * never leaves a truncated Parquet file under the final name (a resumed sweep rewrites it from the CSV journal).
 */
final class ResultsParquet implements Closeable {
    private final Path target;
    private final Path partial;
    private final List<Axis> axes;
    private final ParquetWriter<Group> writer;
    private final SimpleGroupFactory groups;
    private final String[] axisColumns;

    ResultsParquet(Path target, List<Axis> axes) throws IOException {
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        this.axes = List.copyOf(axes);
        Files.deleteIfExists(partial);
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.INT64).named("point");
        b.required(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named("alternative");
        b.required(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named("workload");
        axisColumns = ResultsCsv.axisColumns(axes).toArray(new String[0]);
        for (int k = 0; k < axes.size(); k++) {
            if (axes.get(k).numeric()) {
                b.optional(PrimitiveTypeName.DOUBLE).named(axisColumns[k]);
            } else {
                b.required(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType())
                        .named(axisColumns[k]);
            }
        }
        for (Metric m : Metric.values()) {
            b.optional(PrimitiveTypeName.DOUBLE).named(m.id());
        }
        b.required(PrimitiveTypeName.BOOLEAN).named("feasible");
        b.required(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named("status");
        b.required(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named("message");
        MessageType schema = b.named("sweep_row");
        groups = new SimpleGroupFactory(schema);
        writer = ExampleParquetWriter.builder(new LocalOutputFile(partial))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    void write(SweepRow r) throws IOException {
        Group g = groups.newGroup();
        g.add("point", r.point());
        g.add("alternative", r.alternative());
        g.add("workload", r.workload());
        for (int k = 0; k < axes.size(); k++) {
            String v = r.settings().get(k);
            if (axes.get(k).numeric()) {
                if (!v.isEmpty()) {
                    g.add(axisColumns[k], Double.parseDouble(v));
                }
            } else {
                g.add(axisColumns[k], v);
            }
        }
        for (Metric m : Metric.values()) {
            double v = r.value(m);
            if (!Double.isNaN(v)) {
                g.add(m.id(), v);
            }
        }
        g.add("feasible", r.feasible());
        g.add("status", r.status());
        g.add("message", r.message());
        writer.write(g);
    }

    @Override
    public void close() throws IOException {
        writer.close();
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Closes the file without giving it its final name (the run was interrupted; a resume rewrites it). */
    void abandon() {
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            // the partial file is discarded on resume; nothing to report here
        }
    }
}
