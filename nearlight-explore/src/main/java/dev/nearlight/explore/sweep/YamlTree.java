package dev.nearlight.explore.sweep;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.nearlight.core.InputException;
import dev.nearlight.explore.scenario.ScenarioFile.Position;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document as a Jackson tree plus where each field path ({@code axes[1].path}) sits in the text, so the sweep
 * loader can report any problem as {@code file:line:column: field: problem (fix)}.
 *
 * @param root the parsed tree
 * @param source the file name used in messages
 * @param locations field path to its 1-based position
 */
public record YamlTree(JsonNode root, String source, Map<String, Position> locations) {
    static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final YAMLMapper WRITER = YAMLMapper.builder()
            .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    /** Parses {@code text}; a syntax error or duplicate key is a located {@link InputException}. */
    public static YamlTree parse(String text, String source) {
        if (text.isBlank()) {
            throw new InputException(source + ":1:1: (root): the file is empty (start from examples/*-sweep.yaml)");
        }
        try {
            return new YamlTree(MAPPER.readTree(text), source, index(text));
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "1:1" : Math.max(1, loc.getLineNr()) + ":" + Math.max(1, loc.getColumnNr());
            String msg = e.getOriginalMessage() == null
                    ? "invalid YAML"
                    : e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " ").trim();
            return rethrow(source + ":" + where + ": (syntax): " + msg + " (fix the YAML syntax)", e);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The tree written back as YAML (comments and key order of the original text are not kept). */
    public String toYaml() {
        try {
            return WRITER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static YamlTree rethrow(String message, Exception cause) {
        throw new InputException(message, cause);
    }

    /** The position of {@code field}, or of its closest enclosing field written in the file. */
    Position positionOf(String field) {
        String f = field == null ? "" : field;
        while (!f.isEmpty()) {
            Position p = locations.get(f);
            if (p != null) {
                return p;
            }
            int cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
            f = cut <= 0 ? "" : f.substring(0, cut);
        }
        return locations.getOrDefault("", new Position(1, 1));
    }

    /** A located one-line error: {@code source:line:column: field: problem (fix)}. */
    InputException problem(String field, String problem, String fix) {
        Position p = positionOf(field);
        String name = field == null || field.isEmpty() ? "(root)" : field;
        return new InputException(
                source + ":" + p.line() + ":" + p.column() + ": " + name + ": " + problem + " (" + fix + ")");
    }

    /** Maps every field path and list element to the position of its key or first token. */
    static Map<String, Position> index(String text) throws IOException {
        Map<String, Position> index = new HashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            JsonToken t;
            String pendingPath = "";
            while ((t = p.nextToken()) != null) {
                JsonLocation loc = p.currentTokenLocation();
                Position pos = new Position(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
                if (t == JsonToken.FIELD_NAME) {
                    String parent = stack.peek().path;
                    pendingPath = parent.isEmpty() ? p.currentName() : parent + "." + p.currentName();
                    index.putIfAbsent(pendingPath, pos);
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    stack.pop();
                    continue;
                }
                String here;
                if (stack.isEmpty()) {
                    here = "";
                    index.putIfAbsent("", pos);
                } else if (stack.peek().array) {
                    Frame f = stack.peek();
                    here = f.path + "[" + f.next++ + "]";
                    index.putIfAbsent(here, pos);
                } else {
                    here = pendingPath;
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    stack.push(new Frame(here, t == JsonToken.START_ARRAY));
                }
            }
        }
        return index;
    }

    private static final class Frame {
        final String path;
        final boolean array;
        int next;

        Frame(String path, boolean array) {
            this.path = path;
            this.array = array;
        }
    }
}
