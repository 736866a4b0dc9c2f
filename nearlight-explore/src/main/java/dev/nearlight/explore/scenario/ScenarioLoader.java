package dev.nearlight.explore.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.nearlight.core.InputException;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a scenario YAML file into a validated {@link Scenario}. Every problem (YAML syntax, unknown field, missing
 * required field, wrong type, value out of range, unknown enum value or id) becomes an {@link InputException} whose
 * message is one line: {@code file:line:column: field: problem (fix)}.
 */
public final class ScenarioLoader {
    private final YAMLMapper mapper;
    private final ScenarioVocabulary vocabulary;

    /** A loader that checks ids against {@code vocabulary}. */
    public ScenarioLoader(ScenarioVocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.mapper = YAMLMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** A loader with {@link ScenarioVocabulary#defaults()}. */
    public ScenarioLoader() {
        this(ScenarioVocabulary.defaults());
    }

    /** Loads and validates a scenario file. */
    public ScenarioFile load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(
                    "scenario file not found: " + file + " (check the path; examples are in examples/)");
        } catch (IOException e) {
            throw new InputException("cannot read scenario file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses and validates scenario text; {@code source} names it in messages. */
    public ScenarioFile parse(String text, String source) {
        if (text.isBlank()) {
            throw new InputException(source + ":1:1: (root): the file is empty (start from one of examples/*.yaml)");
        }
        Map<String, ScenarioFile.Position> index;
        try {
            index = index(text);
        } catch (JsonProcessingException e) {
            throw syntax(source, e);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read: " + e.getMessage(), e);
        }
        Scenario scenario;
        try {
            scenario = mapper.readValue(text, Scenario.class);
        } catch (JsonParseException e) {
            throw syntax(source, e);
        } catch (JsonMappingException e) {
            throw translate(source, index, e);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read: " + e.getMessage(), e);
        }
        if (scenario == null) {
            throw new InputException(source + ":1:1: (root): the file holds no scenario (start from examples/*.yaml)");
        }
        ScenarioFile result = new ScenarioFile(scenario, source, index);
        checkIds(result);
        return result;
    }

    /**
     * Binds and validates a scenario given as a Jackson tree (a sweep's design point: a scenario file's tree with some
     * fields rewritten), with the same checks and messages as {@link #parse}; {@code locations} are the positions that
     * messages name (e.g. those of the file the tree came from), {@code source} the file name they carry.
     */
    public ScenarioFile bind(
            com.fasterxml.jackson.databind.JsonNode tree, String source, Map<String, ScenarioFile.Position> locations) {
        Scenario scenario;
        try {
            scenario = mapper.treeToValue(tree, Scenario.class);
        } catch (JsonParseException e) {
            throw syntax(source, e);
        } catch (JsonMappingException e) {
            throw translate(source, locations, e);
        } catch (JsonProcessingException e) {
            throw new InputException(source + ": cannot read: " + e.getMessage(), e);
        }
        if (scenario == null) {
            throw new InputException(source + ":1:1: (root): the tree holds no scenario (start from examples/*.yaml)");
        }
        ScenarioFile result = new ScenarioFile(scenario, source, locations);
        checkIds(result);
        return result;
    }

    private void checkIds(ScenarioFile file) {
        Scenario s = file.scenario();
        checkId(file, "cluster.gpu", s.cluster().gpu(), vocabulary.gpus(), "accelerator");
        for (int i = 0; i < s.workloads().size(); i++) {
            Workload w = s.workloads().get(i);
            if (w.model() != null) {
                checkId(file, "workloads[" + i + "].model", w.model(), vocabulary.models(), "training preset");
            }
        }
        for (int i = 0; i < s.alternatives().size(); i++) {
            for (Map.Entry<String, String> tier :
                    s.alternatives().get(i).optics().byTier().entrySet()) {
                checkId(
                        file,
                        "alternatives[" + i + "].optics." + tier.getKey(),
                        tier.getValue(),
                        vocabulary.optics(),
                        "optics technology");
            }
        }
    }

    private static void checkId(ScenarioFile file, String field, String id, Set<String> valid, String what) {
        if (!valid.contains(id)) {
            throw file.problem(
                    field,
                    "unknown " + what + " '" + id + "'",
                    "closest valid ids: " + String.join(", ", ScenarioVocabulary.closest(id, valid)));
        }
    }

    private static InputException syntax(String source, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String msg = oneLine(e.getOriginalMessage());
        String fix = "fix the YAML syntax";
        if (msg.startsWith("Duplicate field")) {
            msg = "d" + msg.substring(1);
            fix = "remove one of them";
        }
        String where = loc == null ? "1:1" : Math.max(1, loc.getLineNr()) + ":" + Math.max(1, loc.getColumnNr());
        return new InputException(source + ":" + where + ": (syntax): " + msg + " (" + fix + ")", e);
    }

    private static InputException translate(
            String source, Map<String, ScenarioFile.Position> index, JsonMappingException e) {
        String path = path(e.getPath());
        FieldProblem fp = findFieldProblem(e);
        if (fp != null) {
            FieldProblem p = fp.under(path);
            return located(source, index, p.field(), p.problem(), p.fix(), e);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = new ArrayList<>();
            Collection<Object> ids = u.getKnownPropertyIds();
            if (ids != null) {
                ids.forEach(o -> known.add(String.valueOf(o)));
            }
            Class<?> owner = u.getReferringClass();
            List<String> creator = owner == null ? List.of() : creatorFields(owner);
            if (!creator.isEmpty()) {
                known.clear();
                known.addAll(creator);
            } else if (owner != null && owner.isRecord()) {
                known.clear();
                Arrays.stream(owner.getRecordComponents())
                        .map(RecordComponent::getName)
                        .forEach(known::add);
            }
            String fix = known.isEmpty()
                    ? "remove it"
                    : "did you mean "
                            + ScenarioVocabulary.closest(u.getPropertyName(), Set.copyOf(known))
                                    .get(0) + "? allowed: " + String.join(", ", known);
            return located(source, index, path, "unknown field", fix, e);
        }
        if (e instanceof InvalidFormatException f
                && f.getTargetType() != null
                && f.getTargetType().isEnum()) {
            List<String> allowed = new ArrayList<>();
            for (Object c : f.getTargetType().getEnumConstants()) {
                allowed.add(
                        c instanceof ScenarioEnum se
                                ? se.id()
                                : ((Enum<?>) c).name().toLowerCase(Locale.ROOT));
            }
            return located(
                    source,
                    index,
                    path,
                    "unknown value '" + f.getValue() + "'",
                    "allowed: " + String.join(", ", allowed),
                    e);
        }
        if (e instanceof InvalidFormatException f) {
            return located(
                    source,
                    index,
                    path,
                    "'" + f.getValue() + "' is not " + describe(f.getTargetType()),
                    "write " + describe(f.getTargetType()),
                    e);
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return located(source, index, path, "wrong type", "expected " + describe(m.getTargetType()), e);
        }
        InputException model = findInputException(e);
        if (model != null) {
            // a model type's own validation (e.g. sim.train.ModelSpec.custom): "field: problem (fix)" names its field
            String msg = oneLine(model.getMessage());
            java.util.regex.Matcher m = MODEL_MESSAGE.matcher(msg);
            if (m.matches()) {
                String field = path.isEmpty() ? m.group(1) : path + "." + m.group(1);
                return located(source, index, field, m.group(2), m.group(3), e);
            }
            return located(source, index, path, msg, "see docs/scenario.md", e);
        }
        return located(source, index, path, oneLine(e.getOriginalMessage()), "see docs/scenario.md", e);
    }

    /** A model type's error message: {@code field: problem (fix)}. */
    private static final java.util.regex.Pattern MODEL_MESSAGE =
            java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9]*): (.*) \\((.*)\\)");

    /** The field names of a type's static {@code @JsonCreator} factory, in order (empty when it has none). */
    private static List<String> creatorFields(Class<?> type) {
        for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers())
                    && m.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonCreator.class)) {
                List<String> names = new ArrayList<>();
                for (java.lang.reflect.Parameter p : m.getParameters()) {
                    var jp = p.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                    names.add(jp != null ? jp.value() : p.getName());
                }
                return names;
            }
        }
        return List.of();
    }

    private static InputException findInputException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InputException ie) {
                return ie;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static FieldProblem findFieldProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof FieldProblem fp) {
                return fp;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "a list (lines starting with '- ')";
        }
        return "a mapping (key: value lines)";
    }

    static InputException located(
            String source,
            Map<String, ScenarioFile.Position> index,
            String field,
            String problem,
            String fix,
            Throwable cause) {
        ScenarioFile.Position p = locate(index, field);
        String name = field == null || field.isEmpty() ? "(root)" : field;
        String msg = source + ":" + p.line() + ":" + p.column() + ": " + name + ": " + problem + " (" + fix + ")";
        return cause == null ? new InputException(msg) : new InputException(msg, cause);
    }

    static ScenarioFile.Position locate(Map<String, ScenarioFile.Position> index, String field) {
        String f = field == null ? "" : field;
        while (!f.isEmpty()) {
            ScenarioFile.Position p = index.get(f);
            if (p != null) {
                return p;
            }
            int dot = f.lastIndexOf('.');
            int bracket = f.lastIndexOf('[');
            int cut = Math.max(dot, bracket);
            f = cut <= 0 ? "" : f.substring(0, cut);
        }
        return index.getOrDefault("", new ScenarioFile.Position(1, 1));
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "invalid input";
        }
        return s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** Maps every field path and list element to the position of its key or first token. */
    private static Map<String, ScenarioFile.Position> index(String text) throws IOException {
        Map<String, ScenarioFile.Position> index = new HashMap<>();
        Deque<Object[]> stack = new ArrayDeque<>(); // {String path, Boolean isArray, int[] nextIndex}
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonToken t;
            String pendingPath = "";
            while ((t = p.nextToken()) != null) {
                JsonLocation loc = p.currentTokenLocation();
                ScenarioFile.Position pos =
                        new ScenarioFile.Position(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
                if (t == JsonToken.FIELD_NAME) {
                    String parent = (String) stack.peek()[0];
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
                } else if ((Boolean) stack.peek()[1]) {
                    int[] next = (int[]) stack.peek()[2];
                    here = stack.peek()[0] + "[" + next[0]++ + "]";
                    index.putIfAbsent(here, pos);
                } else {
                    here = pendingPath;
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    stack.push(new Object[] {here, t == JsonToken.START_ARRAY, new int[] {0}});
                }
            }
        }
        return index;
    }

    /** The top-level field names of a scenario, for documentation and tests. */
    public static Set<String> topLevelFields() {
        Set<String> s = new TreeSet<>();
        Arrays.stream(Scenario.class.getRecordComponents())
                .map(RecordComponent::getName)
                .forEach(s::add);
        return s;
    }
}
