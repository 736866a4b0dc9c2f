package dev.nearlight.sim.chakra;

import dev.nearlight.core.InputException;
import dev.nearlight.sim.chakra.proto.EtDef;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads and writes Chakra ET files: a stream of varint-length-delimited protobuf messages, one
 * {@code GlobalMetadata} followed by {@code Node}s (the layout Chakra's tools and ASTRA-sim use). ASTRA-sim names the
 * per-rank files {@code prefix.<rank>.et}; a directory is read as all its {@code *.et} files, ranked by that number.
 */
public final class ChakraTraceIo {
    private static final Pattern RANK = Pattern.compile(".*\\.(\\d+)\\.et$");

    private ChakraTraceIo() {}

    /** Writes one rank's trace (metadata then nodes, each length-delimited). */
    public static void write(OutputStream out, EtDef.GlobalMetadata metadata, List<EtDef.Node> nodes)
            throws IOException {
        metadata.writeDelimitedTo(out);
        for (EtDef.Node n : nodes) {
            n.writeDelimitedTo(out);
        }
        out.flush();
    }

    /** Writes one rank's trace to a file. */
    public static void write(Path file, EtDef.GlobalMetadata metadata, List<EtDef.Node> nodes) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            write(out, metadata, nodes);
        }
    }

    /**
     * Whether a parsed message carries nothing but fields the schema does not know: bytes that are not Chakra often
     * parse as such a message, since protobuf keeps unknown fields. Newer traces with extra fields still have known
     * ones set.
     */
    private static boolean onlyUnknownFields(com.google.protobuf.Message m, com.google.protobuf.Message empty) {
        return !m.getUnknownFields().asMap().isEmpty()
                && m.toBuilder()
                        .setUnknownFields(com.google.protobuf.UnknownFieldSet.getDefaultInstance())
                        .build()
                        .equals(empty);
    }

    /** Reads one trace stream; {@code file} names it in errors. */
    public static ChakraTrace read(InputStream in, String file, int rank) {
        try {
            EtDef.GlobalMetadata meta = EtDef.GlobalMetadata.parseDelimitedFrom(in);
            if (meta == null) {
                throw new InputException(file + ": empty Chakra trace; expected a GlobalMetadata message then Nodes");
            }
            if (onlyUnknownFields(meta, EtDef.GlobalMetadata.getDefaultInstance())) {
                throw new InputException(file + ": not a Chakra ET file (its first message has no GlobalMetadata"
                        + " field); expected length-delimited GlobalMetadata and Node messages (Chakra ET 1.0)");
            }
            List<EtDef.Node> nodes = new ArrayList<>();
            EtDef.Node n;
            while ((n = EtDef.Node.parseDelimitedFrom(in)) != null) {
                if (onlyUnknownFields(n, EtDef.Node.getDefaultInstance())) {
                    throw new InputException(file + ": message " + (nodes.size() + 2) + " is not a Chakra Node (no"
                            + " Node field set); expected length-delimited Node messages (Chakra ET 1.0)");
                }
                nodes.add(n);
            }
            return new ChakraTrace(file, rank, meta, nodes);
        } catch (IOException e) {
            // InvalidProtocolBufferException is an IOException: a truncated or non-Chakra file
            throw new InputException(file + ": not a Chakra ET file ("
                    + e.getMessage().lines().findFirst().orElse("")
                    + "); expected length-delimited GlobalMetadata and Node messages (Chakra ET 1.0)");
        }
    }

    /**
     * Reads the traces named by {@code paths}: a directory stands for its {@code *.et} files. Ranks come from the
     * {@code .<rank>.et} suffix when every file has one (they must then be 0..n-1), otherwise from the order given.
     */
    public static List<ChakraTrace> readAll(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".et"))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new InputException(p + ": cannot list the directory (" + e.getMessage() + ")");
                }
                if (files.isEmpty()) {
                    throw new InputException(p + ": no *.et Chakra trace files in this directory");
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new InputException(p + ": no such Chakra trace file or directory");
            }
        }
        boolean numbered = files.stream()
                .allMatch(f -> RANK.matcher(f.getFileName().toString()).matches());
        List<ChakraTrace> out = new ArrayList<>();
        ChakraTrace[] byRank = new ChakraTrace[files.size()];
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            int rank = i;
            if (numbered) {
                Matcher m = RANK.matcher(f.getFileName().toString());
                m.matches();
                rank = Integer.parseInt(m.group(1));
                if (rank >= files.size() || byRank[rank] != null) {
                    throw new InputException(f + ": rank " + rank + " from the file name is out of 0.."
                            + (files.size() - 1) + " or repeated; give one prefix.<rank>.et file per rank 0..n-1");
                }
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
                byRank[rank] = read(in, f.toString(), rank);
            } catch (IOException e) {
                throw new InputException(f + ": cannot read (" + e.getMessage() + ")");
            }
        }
        for (ChakraTrace t : byRank) {
            out.add(t);
        }
        return out;
    }
}
