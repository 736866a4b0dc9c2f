package dev.nearlight.compose.manager;

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
                        Path p = dir.resolve(file);
                        try {
                            return Files.isRegularFile(p) ? Files.readString(p) : "{}";
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    if (iri.startsWith("http://json-schema.org/")) {
                        return null;
                    }
                    return "{}";
                }))
                .build();
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
        JsonSchema s = cache.computeIfAbsent(file, f -> factory.getSchema(
                com.networknt.schema.SchemaLocation.of(PREFIX + f), SchemaValidatorsConfig.builder().build()));
        return Optional.of(s.validate(body));
    }
}
