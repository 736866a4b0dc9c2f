package dev.nearlight.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates payloads against the DMTF JSON Schemas in {@code ${nearlight.shared.dir}/reference/redfish/json-schema}.
 * Every {@code http://redfish.dmtf.org/schemas/v1/} IRI maps to the local file; nothing is downloaded (a schema that
 * is not in the local bundle resolves to an empty schema, and the top-level lookup reports it as missing).
 */
final class RedfishSchemas {
    private static final String PREFIX = "http://redfish.dmtf.org/schemas/v1/";
    private final Path dir;
    private final JsonSchemaFactory factory;
    private final Map<String, JsonSchema> cache = new ConcurrentHashMap<>();

    RedfishSchemas() {
        this.dir = Path.of(System.getProperty("nearlight.shared.dir", "../../shared"), "reference/redfish/json-schema");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("DMTF schemas not found at " + dir.toAbsolutePath());
        }
        JsonMetaSchema redfish = JsonMetaSchema.builder(PREFIX + "redfish-schema-v1.json", JsonMetaSchema.getV7())
                .build();
        this.factory = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7))
                .metaSchema(redfish)
                .schemaLoaders(l -> l.schemas(iri -> {
                    if (iri.startsWith(PREFIX)) {
                        String file = iri.substring(PREFIX.length());
                        int hash = file.indexOf('#');
                        if (hash >= 0) {
                            file = file.substring(0, hash);
                        }
                        return local(file);
                    }
                    if (iri.startsWith("http://json-schema.org/")) {
                        return null;
                    }
                    return "{}";
                }))
                .build();
    }

    /**
     * The text of a local schema file. A versioned file missing from the bundle falls back to the newest local version
     * of the same schema; an entirely missing schema becomes a permissive stub defining its main type.
     */
    private String local(String file) {
        try {
            Path p = dir.resolve(file);
            if (Files.isRegularFile(p)) {
                return Files.readString(p);
            }
            String base = file.replaceAll("\\.v\\d+_\\d+_\\d+\\.json$", "").replaceAll("\\.json$", "");
            try (var list = Files.list(dir)) {
                Optional<Path> newest = list.filter(
                                f -> f.getFileName().toString().startsWith(base + ".v"))
                        .max(java.util.Comparator.comparing(f -> f.getFileName().toString()));
                if (newest.isPresent()) {
                    return Files.readString(newest.get());
                }
            }
            // Missing entirely: a permissive stub defining every type the local schemas reference in it.
            Set<String> names = new java.util.TreeSet<>();
            names.add(base);
            java.util.regex.Pattern ref =
                    java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(file) + "#/definitions/(\\w+)");
            try (var list = Files.list(dir)) {
                for (Path f : list.toList()) {
                    java.util.regex.Matcher m = ref.matcher(Files.readString(f));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
            StringBuilder b = new StringBuilder("{\"definitions\":{");
            String sep = "";
            for (String n : names) {
                b.append(sep).append('"').append(n).append("\":{}");
                sep = ",";
            }
            return b.append("}}").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema file name for a payload: its versioned @odata.type, or the error schema. */
    static String schemaFile(JsonNode body) {
        if (body.has("error")) {
            return "redfish-error.v1_0_2.json";
        }
        String t = body.path("@odata.type").asText("");
        if (t.startsWith("#")) {
            t = t.substring(1);
        }
        int last = t.lastIndexOf('.');
        return (last > 0 ? t.substring(0, last) : t) + ".json";
    }

    /** Whether the local bundle has the schema for this payload. */
    boolean has(JsonNode body) {
        return Files.isRegularFile(dir.resolve(schemaFile(body)));
    }

    /** Validation messages (empty when valid); empty Optional when the schema is not in the bundle. */
    Optional<Set<ValidationMessage>> validate(JsonNode body) {
        String file = schemaFile(body);
        if (!Files.isRegularFile(dir.resolve(file))) {
            return Optional.empty();
        }
        JsonSchema s = cache.computeIfAbsent(
                file,
                f -> factory.getSchema(
                        com.networknt.schema.SchemaLocation.of(PREFIX + f),
                        SchemaValidatorsConfig.builder()
                                .preloadJsonSchema(false)
                                .cacheRefs(true)
                                .build()));
        return Optional.of(s.validate(body));
    }
}
