package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nearlight.core.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads catalogue YAML with strict schema checks and turns every problem into one {@link InputException} line of the
 * form {@code file:line:column: field: problem (fix)}.
 */
final class CatalogueLoader {
    private static final Pattern MISSING = Pattern.compile("Missing required creator property '([^']+)'");
    private static final Pattern FIELD_PREFIX = Pattern.compile("^([A-Za-z.]+): (.*)$", Pattern.DOTALL);

    /** One parsed entry and where it came from. */
    record Located(CatalogueKind kind, CatalogueEntry entry, String origin) {}

    private final ObjectMapper mapper;

    CatalogueLoader() {
        this.mapper = JsonMapper.builder(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .build();
    }

    /** Parses one file's entries in order. */
    List<Located> read(String fileName, InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new InputException(fileName + ": cannot read (" + e.getMessage() + ")", e);
        }
        checkUnknownFields(fileName, bytes);
        return bind(fileName, new java.io.ByteArrayInputStream(bytes));
    }

    /**
     * First pass: walks the YAML against the entry types and reports the first unknown field with its exact
     * location (Jackson reports missing creator properties before unknown ones, which would mislead).
     */
    private void checkUnknownFields(String fileName, byte[] bytes) {
        try (JsonParser p = mapper.getFactory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                java.util.Optional<CatalogueKind> kind =
                        CatalogueKind.keys().contains(key) ? CatalogueKind.parse(key) : java.util.Optional.empty();
                JsonToken t = p.nextToken();
                if (kind.isEmpty() || t != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                int index = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    walk(p, kind.get().type(), key + "[" + index++ + "]", fileName);
                }
            }
        } catch (IOException e) {
            // syntax errors are reported with their location by the binding pass
        }
    }

    private void walk(JsonParser p, java.lang.reflect.Type type, String path, String fileName) throws IOException {
        JsonToken t = p.currentToken();
        Class<?> raw = type instanceof java.lang.reflect.ParameterizedType pt
                ? (Class<?>) pt.getRawType()
                : type instanceof Class<?> c ? c : Object.class;
        if (t == JsonToken.START_ARRAY
                && List.class.isAssignableFrom(raw)
                && type instanceof java.lang.reflect.ParameterizedType pt) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                walk(p, pt.getActualTypeArguments()[0], path + "[" + i++ + "]", fileName);
            }
            return;
        }
        java.util.Map<String, java.lang.reflect.Type> fields = fieldsOf(raw);
        if (t != JsonToken.START_OBJECT || fields.isEmpty()) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            java.lang.reflect.Type ft = fields.get(name);
            if (ft == null) {
                throw new InputException(at(fileName, p.currentTokenLocation()) + ": " + path + "." + name
                        + ": unknown field (" + Closest.hint(name, fields.keySet()) + ")");
            }
            p.nextToken();
            walk(p, ft, path + "." + name, fileName);
        }
    }

    /** Property names and types of a record or a {@code @JsonCreator} class (empty for other types). */
    private static java.util.Map<String, java.lang.reflect.Type> fieldsOf(Class<?> c) {
        java.util.Map<String, java.lang.reflect.Type> out = new java.util.LinkedHashMap<>();
        if (c.isRecord()) {
            for (java.lang.reflect.RecordComponent rc : c.getRecordComponents()) {
                com.fasterxml.jackson.annotation.JsonProperty jp =
                        rc.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                String name = jp != null && !jp.value().isEmpty() ? jp.value() : rc.getName();
                out.put(name, rc.getGenericType());
            }
            return out;
        }
        for (java.lang.reflect.Constructor<?> k : c.getConstructors()) {
            if (k.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonCreator.class)) {
                for (java.lang.reflect.Parameter prm : k.getParameters()) {
                    com.fasterxml.jackson.annotation.JsonProperty jp =
                            prm.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                    out.put(
                            jp != null && !jp.value().isEmpty() ? jp.value() : prm.getName(),
                            prm.getParameterizedType());
                }
            }
        }
        return out;
    }

    private List<Located> bind(String fileName, InputStream in) {
        List<Located> out = new ArrayList<>();
        JsonLocation entryStart = null;
        String entryPath = fileName;
        try (JsonParser p = mapper.getFactory().createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return out;
            }
            if (t != JsonToken.START_OBJECT) {
                throw new InputException(at(fileName, p.currentTokenLocation())
                        + ": top level: expected a map of kinds (" + String.join(", ", CatalogueKind.keys()) + ")");
            }
            Set<String> seenKinds = new HashSet<>();
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonLocation keyLoc = p.currentTokenLocation();
                CatalogueKind kind = CatalogueKind.keys().contains(key)
                        ? CatalogueKind.parse(key).orElseThrow()
                        : null;
                if (kind == null) {
                    throw new InputException(at(fileName, keyLoc) + ": " + key + ": unknown kind ("
                            + Closest.hint(key, CatalogueKind.keys()) + ")");
                }
                if (!seenKinds.add(key)) {
                    throw new InputException(
                            at(fileName, keyLoc) + ": " + key + ": listed twice (merge the two lists)");
                }
                t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    throw new InputException(at(fileName, p.currentTokenLocation()) + ": " + key
                            + ": expected a list of entries (write '- id: ...' items)");
                }
                Set<String> ids = new HashSet<>();
                int index = 0;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    entryStart = p.currentTokenLocation();
                    entryPath = key + "[" + index + "]";
                    if (t != JsonToken.START_OBJECT) {
                        throw new InputException(at(fileName, entryStart) + ": " + entryPath
                                + ": expected a map with an id (write '- id: ...')");
                    }
                    CatalogueEntry e = mapper.readValue(p, kind.type());
                    if (!ids.add(e.id())) {
                        throw new InputException(at(fileName, entryStart) + ": " + entryPath + ".id: duplicate id '"
                                + e.id() + "' in this file (rename or remove one)");
                    }
                    out.add(new Located(kind, e, at(fileName, entryStart)));
                    index++;
                }
                entryStart = null;
                entryPath = fileName;
            }
            return out;
        } catch (JsonMappingException e) {
            throw translate(fileName, entryStart, entryPath, e);
        } catch (JsonProcessingException e) {
            throw new InputException(at(fileName, e.getLocation()) + ": YAML syntax: " + e.getOriginalMessage()
                    + " (fix the indentation or quoting)");
        } catch (IOException e) {
            throw new InputException(fileName + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static InputException translate(
            String fileName, JsonLocation entryStart, String entryPath, JsonMappingException e) {
        JsonLocation loc = e.getLocation() != null ? e.getLocation() : entryStart;
        StringBuilder field = new StringBuilder(entryPath);
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                field.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                field.append('[').append(r.getIndex()).append(']');
            }
        }
        String problem;
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = new ArrayList<>();
            if (u.getKnownPropertyIds() != null) {
                u.getKnownPropertyIds().forEach(o -> known.add(String.valueOf(o)));
            }
            problem = "unknown field (" + Closest.hint(u.getPropertyName(), known) + ")";
        } else if (e instanceof InvalidFormatException f
                && f.getTargetType() != null
                && f.getTargetType().isEnum()) {
            problem = "'" + f.getValue() + "' is not one of "
                    + Arrays.toString(f.getTargetType().getEnumConstants()) + " (use one of them)";
        } else if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            String msg = v.getCause().getMessage();
            Matcher m = FIELD_PREFIX.matcher(msg == null ? "" : msg);
            if (m.matches() && !msg.startsWith("value ") && !msg.startsWith("min ")) {
                field.append('.').append(m.group(1));
                problem = m.group(2);
            } else {
                problem = msg;
            }
        } else {
            Matcher m = MISSING.matcher(e.getOriginalMessage());
            if (m.find()) {
                if (!field.toString().endsWith("." + m.group(1))) {
                    field.append('.').append(m.group(1));
                }
                problem = "missing (add " + m.group(1) + ")";
            } else if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
                field.setLength(field.length()); // keep path
                problem = "wrong type, expected " + simpleType(mi.getTargetType()) + " (" + firstLine(e) + ")";
            } else {
                problem = firstLine(e);
            }
        }
        return new InputException(at(fileName, loc) + ": " + field + ": " + problem, e);
    }

    private static String simpleType(Class<?> c) {
        if (c == double.class || c == Double.class) {
            return "a number";
        }
        if (c == int.class || c == Integer.class) {
            return "an integer";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "true or false";
        }
        if (c == Param.class) {
            return "{value, min, max, unit, source, confidence}";
        }
        return c.getSimpleName();
    }

    private static String firstLine(JsonMappingException e) {
        String m = e.getOriginalMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static String at(String fileName, JsonLocation loc) {
        if (loc == null) {
            return fileName;
        }
        return fileName + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
    }
}
