package dev.nearlight.compose.pool;

import dev.nearlight.core.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a job trace from CSV. The first non-comment line is a header; the columns {@code arrival_s, duration_s, cpus,
 * gpus, memory_gib, storage_tb} are required in any order (case-insensitive), other columns such as {@code job_id}
 * are ignored. Lines starting with {@code #} and blank lines are skipped. Memory is rounded up to whole GiB and storage
 * up to whole GB. Every error is one line {@code file:line:column: problem; fix}.
 */
public final class CsvTraceReader {
    /** The required columns, in the order of the documented mapping. */
    public static final List<String> COLUMNS =
            List.of("arrival_s", "duration_s", "cpus", "gpus", "memory_gib", "storage_tb");

    private CsvTraceReader() {}

    /** Reads the file. */
    public static JobTrace read(Path file) {
        String name = file.toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            int[] colIndex = null;
            int fieldCount = 0;
            int cap = 1024;
            double[] arrival = new double[cap];
            double[] dur = new double[cap];
            int[][] demand = new int[ResourceType.COUNT][cap];
            int[] lines = new int[cap];
            int[][] cols = new int[ResourceType.COUNT][cap];
            int n = 0;
            int[] starts = new int[16];
            while ((line = in.readLine()) != null) {
                lineNo++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                // split, remembering 1-based start columns
                int count = 0;
                starts[count++] = 0;
                for (int i = 0; i < line.length(); i++) {
                    if (line.charAt(i) == ',') {
                        if (count == starts.length) {
                            starts = Arrays.copyOf(starts, count * 2);
                        }
                        starts[count++] = i + 1;
                    }
                }
                if (colIndex == null) {
                    colIndex = new int[COLUMNS.size()];
                    Arrays.fill(colIndex, -1);
                    for (int f = 0; f < count; f++) {
                        String h = field(line, starts, count, f).toLowerCase(Locale.ROOT);
                        int c = COLUMNS.indexOf(h);
                        if (c >= 0) {
                            colIndex[c] = f;
                        }
                    }
                    for (int c = 0; c < COLUMNS.size(); c++) {
                        if (colIndex[c] < 0) {
                            throw new InputException(name + ":" + lineNo + ":1: missing column '" + COLUMNS.get(c)
                                    + "'; the header needs " + String.join(",", COLUMNS));
                        }
                    }
                    fieldCount = count;
                    continue;
                }
                if (count != fieldCount) {
                    throw new InputException(name + ":" + lineNo + ":1: expected " + fieldCount + " fields as in the"
                            + " header, found " + count);
                }
                if (n == cap) {
                    cap *= 2;
                    arrival = Arrays.copyOf(arrival, cap);
                    dur = Arrays.copyOf(dur, cap);
                    lines = Arrays.copyOf(lines, cap);
                    for (int t = 0; t < ResourceType.COUNT; t++) {
                        demand[t] = Arrays.copyOf(demand[t], cap);
                        cols[t] = Arrays.copyOf(cols[t], cap);
                    }
                }
                double[] v = new double[COLUMNS.size()];
                for (int c = 0; c < COLUMNS.size(); c++) {
                    int f = colIndex[c];
                    String s = field(line, starts, count, f);
                    int col = starts[f] + 1;
                    double x;
                    try {
                        x = Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        throw new InputException(name + ":" + lineNo + ":" + col + ": " + COLUMNS.get(c) + " '" + s
                                + "' is not a number");
                    }
                    if (!Double.isFinite(x)) {
                        throw new InputException(
                                name + ":" + lineNo + ":" + col + ": " + COLUMNS.get(c) + " '" + s + "' is not finite");
                    }
                    if (x < 0) {
                        String what = c == 1 ? "durations" : c == 0 ? "arrival times" : "demands";
                        throw new InputException(name + ":" + lineNo + ":" + col + ": " + COLUMNS.get(c) + " " + s
                                + " is negative; " + what + " must be >= 0");
                    }
                    if ((c == 2 || c == 3) && x != Math.rint(x)) {
                        throw new InputException(name + ":" + lineNo + ":" + col + ": " + COLUMNS.get(c) + " " + s
                                + " must be a whole number");
                    }
                    if ((c >= 2 && c <= 4 && x > Integer.MAX_VALUE) || (c == 5 && x * 1000 > Integer.MAX_VALUE)) {
                        throw new InputException(
                                name + ":" + lineNo + ":" + col + ": " + COLUMNS.get(c) + " " + s + " is too large");
                    }
                    v[c] = x;
                    if (c >= 2) {
                        cols[c - 2][n] = col;
                    }
                }
                arrival[n] = v[0];
                dur[n] = v[1];
                demand[ResourceType.CPU.ordinal()][n] = (int) v[2];
                demand[ResourceType.GPU.ordinal()][n] = (int) v[3];
                demand[ResourceType.MEMORY.ordinal()][n] = (int) Math.ceil(v[4]);
                demand[ResourceType.STORAGE.ordinal()][n] = (int) Math.ceil(v[5] * 1000 - 1e-9);
                lines[n] = lineNo;
                n++;
            }
            if (colIndex == null) {
                throw new InputException(
                        name + ":1:1: empty trace; the first line must be the header " + String.join(",", COLUMNS));
            }
            int[][] d = new int[ResourceType.COUNT][];
            int[][] c = new int[ResourceType.COUNT][];
            for (int t = 0; t < ResourceType.COUNT; t++) {
                d[t] = Arrays.copyOf(demand[t], n);
                c[t] = Arrays.copyOf(cols[t], n);
            }
            return new JobTrace(name, Arrays.copyOf(arrival, n), Arrays.copyOf(dur, n), d, Arrays.copyOf(lines, n), c);
        } catch (IOException e) {
            throw new InputException("cannot read trace " + name + ": " + e.getMessage(), e);
        }
    }

    private static String field(String line, int[] starts, int count, int f) {
        int end = f + 1 < count ? starts[f + 1] - 1 : line.length();
        return line.substring(starts[f], end).strip();
    }
}
