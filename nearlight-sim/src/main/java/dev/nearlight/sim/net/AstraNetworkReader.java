package dev.nearlight.sim.net;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nearlight.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads ASTRA-sim network YAML ({@code topology}, {@code npus_count}, {@code bandwidth}, {@code latency}, one list
 * entry per dimension) into an {@link AstraNetwork}. It reads the token stream itself so that every error names the
 * file, line and column of the offending value.
 */
public final class AstraNetworkReader {
    private static final List<String> KEYS = List.of("topology", "npus_count", "bandwidth", "latency");
    private static final YAMLFactory YAML = new YAMLFactory();

    /** Reads and validates the file. */
    public AstraNetwork read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read ASTRA-sim network file (" + e.getMessage() + ")", e);
        }
        return parse(text, file.toString());
    }

    /** Parses YAML text; {@code fileName} is used in error messages. */
    public AstraNetwork parse(String yaml, String fileName) {
        List<AstraNetwork.Kind> kinds = null;
        List<Integer> npus = null;
        List<Double> bw = null;
        List<Double> lat = null;
        JsonLocation kindsAt = null;
        JsonLocation npusAt = null;
        JsonLocation bwAt = null;
        JsonLocation latAt = null;
        try (JsonParser p = YAML.createParser(yaml)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw err(fileName, p.currentTokenLocation(), "expected a mapping with keys " + KEYS);
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonLocation keyAt = p.currentTokenLocation();
                p.nextToken();
                switch (key) {
                    case "topology":
                        kindsAt = keyAt;
                        kinds = new ArrayList<>();
                        for (Item it : items(p, fileName, key)) {
                            kinds.add(kind(it, fileName));
                        }
                        break;
                    case "npus_count":
                        npusAt = keyAt;
                        npus = new ArrayList<>();
                        for (Item it : items(p, fileName, key)) {
                            double v = number(it, fileName, key);
                            if (v != Math.rint(v) || v < 1 || v > (1 << 24)) {
                                throw err(fileName, it.at, key + " entry '" + it.text + "' must be an integer >= 1");
                            }
                            npus.add((int) v);
                        }
                        break;
                    case "bandwidth":
                        bwAt = keyAt;
                        bw = new ArrayList<>();
                        for (Item it : items(p, fileName, key)) {
                            double v = number(it, fileName, key);
                            if (!(v > 0) || Double.isInfinite(v)) {
                                throw err(fileName, it.at, key + " entry '" + it.text + "' must be > 0 (GB/s)");
                            }
                            bw.add(v);
                        }
                        break;
                    case "latency":
                        latAt = keyAt;
                        lat = new ArrayList<>();
                        for (Item it : items(p, fileName, key)) {
                            double v = number(it, fileName, key);
                            if (!(v >= 0) || Double.isInfinite(v)) {
                                throw err(fileName, it.at, key + " entry '" + it.text + "' must be >= 0 (ns)");
                            }
                            lat.add(v);
                        }
                        break;
                    default:
                        throw err(fileName, keyAt, "unknown key '" + key + "'; expected one of " + KEYS);
                }
            }
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage().lines().findFirst().orElse("malformed YAML");
            throw err(fileName, e.getLocation(), "malformed YAML: " + msg);
        } catch (IOException e) {
            throw new InputException(fileName + ": cannot parse (" + e.getMessage() + ")", e);
        }
        if (kinds == null || npus == null || bw == null || lat == null) {
            List<String> missing = new ArrayList<>();
            if (kinds == null) missing.add("topology");
            if (npus == null) missing.add("npus_count");
            if (bw == null) missing.add("bandwidth");
            if (lat == null) missing.add("latency");
            throw new InputException(
                    fileName + ": missing key(s) " + missing + "; an ASTRA-sim network file needs " + KEYS);
        }
        if (kinds.isEmpty()) {
            throw err(fileName, kindsAt, "topology needs at least one dimension");
        }
        int d = kinds.size();
        check(fileName, npusAt, "npus_count", npus.size(), d);
        check(fileName, bwAt, "bandwidth", bw.size(), d);
        check(fileName, latAt, "latency", lat.size(), d);
        long total = 1;
        for (int c : npus) {
            total *= c;
            if (total > (1 << 24)) {
                throw err(fileName, npusAt, "npus_count multiplies to more than 16777216 NPUs");
            }
        }
        return new AstraNetwork(kinds, npus, bw, lat);
    }

    private record Item(String text, JsonToken token, JsonLocation at) {}

    private static List<Item> items(JsonParser p, String file, String key) throws IOException {
        List<Item> out = new ArrayList<>();
        if (p.currentToken() == JsonToken.START_ARRAY) {
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                    throw err(file, p.currentTokenLocation(), key + " entries must be scalars");
                }
                out.add(new Item(p.getText(), t, p.currentTokenLocation()));
            }
        } else if (p.currentToken() == JsonToken.START_OBJECT) {
            throw err(file, p.currentTokenLocation(), key + " must be a list with one entry per dimension");
        } else {
            out.add(new Item(p.getText(), p.currentToken(), p.currentTokenLocation()));
        }
        return out;
    }

    private static AstraNetwork.Kind kind(Item it, String file) {
        for (AstraNetwork.Kind k : AstraNetwork.Kind.values()) {
            if (k.yamlName().equalsIgnoreCase(it.text)) {
                return k;
            }
        }
        throw err(
                file,
                it.at,
                "topology entry '" + it.text + "' is not supported; use one of "
                        + Arrays.stream(AstraNetwork.Kind.values())
                                .map(AstraNetwork.Kind::yamlName)
                                .toList());
    }

    private static double number(Item it, String file, String key) {
        if (it.token == JsonToken.VALUE_NUMBER_INT || it.token == JsonToken.VALUE_NUMBER_FLOAT) {
            return Double.parseDouble(it.text);
        }
        if (it.token == JsonToken.VALUE_STRING) {
            try {
                return Double.parseDouble(it.text.trim().toLowerCase(Locale.ROOT));
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw err(file, it.at, key + " entry '" + it.text + "' is not a number");
    }

    private static void check(String file, JsonLocation at, String key, int size, int dims) {
        if (size != dims) {
            throw err(
                    file,
                    at,
                    key + " has " + size + " entries but topology has " + dims
                            + " dimensions; give one entry per dimension");
        }
    }

    private static InputException err(String file, JsonLocation at, String message) {
        String where = at == null ? file : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
        return new InputException(where + ": " + message);
    }
}
