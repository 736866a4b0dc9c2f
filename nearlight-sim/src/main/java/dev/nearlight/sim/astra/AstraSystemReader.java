package dev.nearlight.sim.astra;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.nearlight.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an ASTRA-sim 2.0 system configuration JSON into an {@link AstraSystem}. Every error is one line naming the
 * file, line and column of the offending key or value. Keys ASTRA-sim reads but that do not change the network timing
 * of one collective are accepted (docs/sim.md lists them); any other key is an error, so that a typo in a chunking
 * knob cannot silently fall back to its default.
 */
public final class AstraSystemReader {
    private static final JsonFactory JSON = new JsonFactory();

    /** Keys read by ASTRA-sim that this reader accepts without using them (they do not time one collective). */
    static final Set<String> ACCEPTED_UNUSED = Set.of(
            "scheduling-policy",
            "local-reduction-delay",
            "boost-mode",
            "roofline-enabled",
            "peak-perf",
            "model-shared-bus",
            "L",
            "o",
            "g",
            "G",
            "trace-enabled",
            "replay-only",
            "track-local-mem",
            "local-mem-trace-filename");

    private static final List<String> USED = List.of(
            "preferred-dataset-splits",
            "active-chunks-per-dimension",
            "all-reduce-implementation",
            "reduce-scatter-implementation",
            "all-gather-implementation",
            "all-to-all-implementation",
            "collective-optimization",
            "intra-dimension-scheduling",
            "inter-dimension-scheduling",
            "endpoint-delay",
            "local-mem-bw");

    /** intra-dimension-scheduling values ASTRA-sim knows; all order one collective's equal chunks as FIFO does. */
    private static final List<String> INTRA = List.of("FIFO", "RG", "smallestFirst", "lessRemainingPhaseFirst");

    /** Reads and validates the file. */
    public AstraSystem read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read ASTRA-sim system file (" + e.getMessage() + ")", e);
        }
        return parse(text, file.toString());
    }

    /** Parses JSON text; {@code fileName} is used in error messages. */
    public AstraSystem parse(String json, String fileName) {
        // ASTRA-sim's defaults (Sys constructor): one chunk, one active chunk per dimension, baseline composition.
        int splits = 1;
        int active = 1;
        List<AstraSystem.Impl> ar = List.of();
        List<AstraSystem.Impl> rs = List.of();
        List<AstraSystem.Impl> ag = List.of();
        List<AstraSystem.Impl> a2a = List.of();
        AstraSystem.Optimization opt = AstraSystem.Optimization.BASELINE;
        double endpointDelay = 0;
        double localMemBw = Double.POSITIVE_INFINITY;
        String intra = "FIFO";
        String inter = "ascending";
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw err(fileName, p.currentTokenLocation(), "expected a JSON object of ASTRA-sim system keys");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonLocation at = p.currentTokenLocation();
                p.nextToken();
                switch (key) {
                    case "preferred-dataset-splits":
                        splits = integer(p, fileName, key, 1, 65536);
                        break;
                    case "active-chunks-per-dimension":
                        active = integer(p, fileName, key, 1, Integer.MAX_VALUE);
                        break;
                    case "all-reduce-implementation":
                        ar = impls(p, fileName, key);
                        break;
                    case "reduce-scatter-implementation":
                        rs = impls(p, fileName, key);
                        break;
                    case "all-gather-implementation":
                        ag = impls(p, fileName, key);
                        break;
                    case "all-to-all-implementation":
                        a2a = impls(p, fileName, key);
                        break;
                    case "collective-optimization":
                        opt = optimization(p, fileName, key);
                        break;
                    case "endpoint-delay":
                        endpointDelay = number(p, fileName, key, 0, 1e12);
                        break;
                    case "local-mem-bw":
                        localMemBw = number(p, fileName, key, 1e-9, 1e12);
                        break;
                    case "intra-dimension-scheduling":
                        intra = string(p, fileName, key);
                        if (!INTRA.contains(intra)) {
                            throw err(
                                    fileName,
                                    p.currentTokenLocation(),
                                    key + " '" + intra + "' is unknown; use one" + " of " + INTRA);
                        }
                        break;
                    case "inter-dimension-scheduling":
                        inter = string(p, fileName, key);
                        if (!inter.equals("ascending")) {
                            throw err(
                                    fileName,
                                    p.currentTokenLocation(),
                                    key + " '" + inter + "' is not supported"
                                            + " (the greedy dimension orderings are not modelled); use ascending");
                        }
                        break;
                    default:
                        if (!ACCEPTED_UNUSED.contains(key)) {
                            throw err(
                                    fileName,
                                    at,
                                    "unknown key '" + key + "'; expected one of " + USED
                                            + " (or an ASTRA-sim key without effect on one collective: see docs/sim.md)");
                        }
                        p.skipChildren();
                        break;
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw err(fileName, p.currentTokenLocation(), "expected a key");
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage().lines().findFirst().orElse("malformed JSON");
            throw new InputException(
                    fileName + ":" + (l == null ? 0 : l.getLineNr()) + ":" + (l == null ? 0 : l.getColumnNr()) + ": "
                            + msg + "; fix the JSON syntax",
                    e);
        } catch (IOException e) {
            throw new InputException(fileName + ": cannot parse (" + e.getMessage() + ")", e);
        }
        return new AstraSystem(splits, active, ar, rs, ag, a2a, opt, intra, inter, endpointDelay, localMemBw);
    }

    private static int integer(JsonParser p, String file, String key, int min, int max) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw err(
                    file,
                    p.currentTokenLocation(),
                    key + " '" + p.getText() + "' must be an integer in " + min + ".." + max);
        }
        long v = p.getLongValue();
        if (v < min || v > max) {
            throw err(file, p.currentTokenLocation(), key + " " + v + " must be in " + min + ".." + max);
        }
        return (int) v;
    }

    private static double number(JsonParser p, String file, String key, double min, double max) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw err(
                    file,
                    p.currentTokenLocation(),
                    key + " '" + p.getText() + "' must be a number in " + min + ".." + max);
        }
        double v = p.getDoubleValue();
        if (!(v >= min && v <= max)) {
            throw err(file, p.currentTokenLocation(), key + " " + v + " must be in " + min + ".." + max);
        }
        return v;
    }

    private static String string(JsonParser p, String file, String key) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw err(file, p.currentTokenLocation(), key + " '" + p.getText() + "' must be a string");
        }
        return p.getText();
    }

    private static AstraSystem.Optimization optimization(JsonParser p, String file, String key) throws IOException {
        String s = string(p, file, key);
        for (AstraSystem.Optimization o : AstraSystem.Optimization.values()) {
            if (o.jsonName().equals(s)) {
                return o;
            }
        }
        throw err(file, p.currentTokenLocation(), key + " '" + s + "' is unknown; use baseline or localBWAware");
    }

    private static List<AstraSystem.Impl> impls(JsonParser p, String file, String key) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw err(
                    file,
                    p.currentTokenLocation(),
                    key + " must be a list with one algorithm per dimension, e.g." + " [\"ring\", \"direct\"]");
        }
        List<AstraSystem.Impl> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String s = string(p, file, key);
            out.add(impl(s, file, p.currentTokenLocation(), key));
        }
        if (out.isEmpty()) {
            throw err(file, p.currentTokenLocation(), key + " is empty; give one algorithm per dimension");
        }
        return out;
    }

    private static AstraSystem.Impl impl(String s, String file, JsonLocation at, String key) {
        // ASTRA-sim spells a direct collective with an optional window ("direct", "direct8"); the window only limits
        // how many of a member's sends are outstanding, and every send of a direct step is issued at once here.
        String k = s.startsWith("direct") && s.substring(6).chars().allMatch(Character::isDigit) ? "direct" : s;
        for (AstraSystem.Impl i : AstraSystem.Impl.values()) {
            if (i.jsonName().equals(k)) {
                return i;
            }
        }
        String hint = s.toLowerCase(Locale.ROOT).startsWith("one")
                ? " (the one* variants, which span all dimensions as one, are not supported)"
                : "";
        throw err(
                file,
                at,
                key + " entry '" + s + "' is unknown" + hint + "; use one of "
                        + Arrays.stream(AstraSystem.Impl.values())
                                .map(AstraSystem.Impl::jsonName)
                                .toList());
    }

    private static InputException err(String file, JsonLocation at, String message) {
        return new InputException(file + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": " + message);
    }
}
