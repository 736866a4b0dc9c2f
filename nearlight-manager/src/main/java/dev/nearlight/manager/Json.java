package dev.nearlight.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/** Small helpers to build Redfish JSON payloads. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** An object from alternating keys and values (String, Number, Boolean, JsonNode, null). */
    static ObjectNode o(Object... kv) {
        ObjectNode n = MAPPER.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            put(n, (String) kv[i], kv[i + 1]);
        }
        return n;
    }

    static void put(ObjectNode n, String k, Object v) {
        if (v == null) {
            n.putNull(k);
        } else if (v instanceof JsonNode j) {
            n.set(k, j);
        } else if (v instanceof String s) {
            n.put(k, s);
        } else if (v instanceof Integer i) {
            n.put(k, i);
        } else if (v instanceof Long l) {
            n.put(k, l);
        } else if (v instanceof Double d) {
            n.put(k, d);
        } else if (v instanceof Boolean b) {
            n.put(k, b);
        } else {
            throw new IllegalArgumentException("unsupported JSON value " + v.getClass());
        }
    }

    static ObjectNode ref(String uri) {
        return o("@odata.id", uri);
    }

    static ArrayNode refs(Collection<String> uris) {
        ArrayNode a = MAPPER.createArrayNode();
        uris.forEach(u -> a.add(ref(u)));
        return a;
    }

    static ArrayNode arr(Object... values) {
        ArrayNode a = MAPPER.createArrayNode();
        for (Object v : values) {
            if (v instanceof JsonNode j) {
                a.add(j);
            } else {
                a.add(String.valueOf(v));
            }
        }
        return a;
    }

    static ObjectNode status(String state, String health) {
        return o("State", state, "Health", health);
    }

    /** A resource with the four common properties. */
    static ObjectNode res(String type, String uri, String name) {
        String id = uri.substring(uri.lastIndexOf('/') + 1);
        return o("@odata.id", uri, "@odata.type", type, "Id", id, "Name", name);
    }

    /** A collection resource. */
    static ObjectNode coll(String type, String uri, String name, Collection<String> members) {
        return o(
                "@odata.id",
                uri,
                "@odata.type",
                "#" + type + "." + type,
                "Name",
                name,
                "Members@odata.count",
                members.size(),
                "Members",
                refs(members));
    }
}
