package dev.nearlight.core.catalogue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the {@link Param}s inside one catalogue entry: the entry is written to a JSON tree, every object that is a
 * param ({@code value, min, max, unit, source, confidence}) is passed to the mapper, and the tree is bound back through
 * the entry's validating constructor. Entries without a changed param are returned as they are.
 */
final class CatalogueParams {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private CatalogueParams() {}

    static CatalogueEntry map(CatalogueKind kind, CatalogueEntry entry, ParamMapper f) {
        JsonNode tree = MAPPER.valueToTree(entry);
        boolean changed = walk(tree, kind.key() + "/" + entry.id(), f);
        if (!changed) {
            return entry;
        }
        try {
            return MAPPER.treeToValue(tree, kind.type());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(
                    kind.key() + "/" + entry.id() + ": rejected a mapped param: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean walk(JsonNode node, String path, ParamMapper f) {
        boolean changed = false;
        if (node instanceof ObjectNode o) {
            if (isParam(o)) {
                Param p;
                try {
                    p = MAPPER.treeToValue(o, Param.class);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(path + ": not a param", e);
                }
                Param q = f.apply(path, p);
                if (q != p && !q.equals(p)) {
                    o.put("value", q.value());
                    o.put("min", q.min());
                    o.put("max", q.max());
                    return true;
                }
                return false;
            }
            List<String> names = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                names.add(it.next().getKey());
            }
            for (String name : names) {
                changed |= walk(o.get(name), path + "/" + name, f);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                changed |= walk(a.get(i), path + "[" + i + "]", f);
            }
        }
        return changed;
    }

    private static boolean isParam(ObjectNode o) {
        return o.has("value")
                && o.has("min")
                && o.has("max")
                && o.has("unit")
                && o.has("source")
                && o.has("confidence");
    }
}
