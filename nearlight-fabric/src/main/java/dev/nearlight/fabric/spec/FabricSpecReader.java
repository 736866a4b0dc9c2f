package dev.nearlight.fabric.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nearlight.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a {@link FabricSpec} from YAML; errors name the file, line and column. */
public final class FabricSpecReader {
    private FabricSpecReader() {}

    /** Reads and binds a spec file. */
    public static FabricSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InputException("--spec " + file + ": file not found");
        } catch (IOException e) {
            throw new InputException("--spec " + file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(text, file.toString());
    }

    /** Parses spec text; {@code name} is used in error messages. */
    public static FabricSpec parse(String yaml, String name) {
        ObjectMapper m = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        try {
            FabricSpec s = m.readValue(yaml, FabricSpec.class);
            return s == null ? FabricSpec.empty() : s;
        } catch (UnrecognizedPropertyException e) {
            throw new InputException(keyWhere(name, yaml, tokenLocation(e), e.getPropertyName()) + "unknown field '"
                    + e.getPropertyName()
                    + "'; known fields: "
                    + String.join(
                            ", ",
                            e.getKnownPropertyIds().stream()
                                    .map(Object::toString)
                                    .sorted()
                                    .toList()));
        } catch (JsonProcessingException e) {
            throw new InputException(where(name, e.getLocation())
                    + e.getOriginalMessage().lines().findFirst().orElse("invalid YAML"));
        }
    }

    private static JsonLocation tokenLocation(JsonProcessingException e) {
        if (e.getProcessor() instanceof JsonParser p && p.currentTokenLocation() != null) {
            return p.currentTokenLocation();
        }
        return e.getLocation();
    }

    /** Location of a key: the line of the offending value, the column where the key starts on it. */
    private static String keyWhere(String name, String yaml, JsonLocation loc, String key) {
        if (loc != null && loc.getLineNr() > 0) {
            String[] lines = yaml.split("\n", -1);
            int line = loc.getLineNr();
            for (int l = Math.min(line, lines.length); l >= 1; l--) {
                int col = lines[l - 1].indexOf(key + ":");
                if (col >= 0) {
                    return name + ":" + l + ":" + (col + 1) + ": ";
                }
            }
        }
        return where(name, loc);
    }

    private static String where(String name, JsonLocation loc) {
        if (loc == null) {
            return name + ": ";
        }
        return name + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": ";
    }
}
