package dev.nearlight.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redfish query parameters the service supports on GET: {@code only}, {@code $select}, {@code $expand} (options
 * {@code *}, {@code .}, {@code ~}, {@code $levels=1}) and {@code $top}/{@code $skip} on collections; every other
 * {@code $} parameter is answered 501, bad values 400.
 *
 * @param only {@code only}: return the single member of a one-member collection
 * @param select property paths of {@code $select} ({@code Status/Health}), or null
 * @param expand {@code *}, {@code .} or {@code ~}, or 0 for none
 * @param top {@code $top}: at most this many members, or -1 for all
 * @param skip {@code $skip}: members to leave out before the first one returned
 */
record Query(boolean only, List<String> select, char expand, int top, int skip) {
    static final Query NONE = new Query(false, null, (char) 0, -1, 0);

    /** Maximum {@code $levels} of {@code $expand} (advertised as ExpandQuery.MaxLevels). */
    static final int MAX_LEVELS = 1;

    private static final Pattern EXPAND = Pattern.compile("^([*.~])(?:\\(\\$levels=([^)]*)\\))?$");
    private static final Pattern PATH = Pattern.compile("^[A-Za-z0-9@#._-]+(/[A-Za-z0-9@#._-]+)*$");
    private static final Set<String> ALWAYS =
            Set.of("@odata.id", "@odata.type", "@odata.context", "@odata.etag", "Id", "Name");
    private static final Set<String> COLLECTION = Set.of("Members", "Members@odata.count", "Members@odata.nextLink");
    /** Not expanded: OEM content, actions, and EntityLink (typed as the abstract Resource, so no body fits it). */
    private static final Set<String> SKIP = Set.of("Oem", "Actions", "EntityLink");

    boolean any() {
        return only || select != null || expand != 0 || paged();
    }

    /** True when {@code $top} or {@code $skip} was given. */
    boolean paged() {
        return top >= 0 || skip > 0;
    }

    /** Parses and checks the request's query parameters; {@code read} is true for GET and HEAD. */
    static Query parse(Map<String, List<String>> params, boolean read) {
        if (params.isEmpty()) {
            return NONE;
        }
        boolean only = false;
        List<String> select = null;
        char expand = 0;
        int top = -1;
        int skip = 0;
        for (Map.Entry<String, List<String>> q : params.entrySet()) {
            String k = q.getKey();
            String v = q.getValue().isEmpty() ? "" : q.getValue().get(0);
            switch (k) {
                case "$select" -> {
                    select = new ArrayList<>();
                    for (String p : v.split(",", -1)) {
                        String t = p.trim();
                        if (!PATH.matcher(t).matches()) {
                            throw new RedfishException(400, Messages.of("QueryParameterValueFormatError", v, k));
                        }
                        select.add(t);
                    }
                }
                case "$expand" -> {
                    Matcher m = EXPAND.matcher(v);
                    if (!m.matches()) {
                        throw new RedfishException(400, Messages.of("QueryParameterValueFormatError", v, k));
                    }
                    if (m.group(2) != null) {
                        int levels;
                        try {
                            levels = Integer.parseInt(m.group(2));
                        } catch (NumberFormatException e) {
                            throw new RedfishException(400, Messages.of("QueryParameterValueFormatError", v, k));
                        }
                        if (levels < 1 || levels > MAX_LEVELS) {
                            throw new RedfishException(
                                    400,
                                    Messages.of(
                                            "QueryParameterOutOfRange", m.group(2), "$levels", "1 to " + MAX_LEVELS));
                        }
                    }
                    expand = m.group(1).charAt(0);
                }
                case "$top" -> top = count(k, v);
                case "$skip" -> skip = count(k, v);
                case "only" -> {
                    if (!v.isEmpty()) {
                        throw new RedfishException(400, Messages.of("QueryParameterValueFormatError", v, k));
                    }
                    only = true;
                }
                case "excerpt" -> {
                    if (!v.isEmpty()) {
                        throw new RedfishException(400, Messages.of("QueryParameterValueFormatError", v, k));
                    }
                }
                default -> {
                    if (k.startsWith("$")) {
                        throw new RedfishException(501, Messages.of("QueryParameterUnsupported", k));
                    }
                }
            }
        }
        Query q = new Query(only, select, expand, top, skip);
        if (q.any() && !read) {
            throw new RedfishException(400, Messages.of("QueryNotSupportedOnOperation"));
        }
        if (only && (select != null || expand != 0 || q.paged())) {
            throw new RedfishException(400, Messages.of("QueryCombinationInvalid"));
        }
        return q;
    }

    /** A non-negative integer value of {@code $top} or {@code $skip}. */
    private static int count(String k, String v) {
        if (!v.matches("[0-9]{1,9}")) {
            throw new RedfishException(
                    400,
                    v.matches("-[0-9]+")
                            ? Messages.of("QueryParameterOutOfRange", v, k, "0 to 999999999")
                            : Messages.of("QueryParameterValueFormatError", v, k));
        }
        return Integer.parseInt(v);
    }

    /**
     * {@code $top}/{@code $skip} on a collection: keeps members skip .. skip+top-1; Members@odata.count stays the
     * collection's size, and when members remain, Members@odata.nextLink asks for the next page with the same query.
     */
    ObjectNode page(ObjectNode collection, String path, String rawQuery) {
        ArrayNode all = (ArrayNode) collection.get("Members");
        int from = Math.min(skip, all.size());
        int to = top < 0 ? all.size() : (int) Math.min(all.size(), (long) from + top);
        ObjectNode out = collection.deepCopy();
        ArrayNode kept = out.putArray("Members");
        for (int i = from; i < to; i++) {
            kept.add(all.get(i));
        }
        out.remove("Members@odata.nextLink");
        if (to < all.size() && top > 0) {
            StringBuilder next = new StringBuilder(path)
                    .append("?$skip=")
                    .append(to)
                    .append("&$top=")
                    .append(top);
            for (String part : rawQuery.split("&")) {
                if (!part.isEmpty()
                        && !part.startsWith("$skip=")
                        && !part.startsWith("$top=")
                        && !part.startsWith("%24skip=")
                        && !part.startsWith("%24top=")) {
                    next.append('&').append(part);
                }
            }
            out.put("Members@odata.nextLink", next.toString());
        }
        return out;
    }

    static boolean isCollection(ObjectNode body) {
        return body.has("Members") && body.has("Members@odata.count");
    }

    /**
     * {@code $expand}: replaces each reference object ({@code {"@odata.id": uri}} and nothing else) by the resource it
     * names, one level deep: {@code .} outside {@code Links}, {@code ~} inside, {@code *} both. References inside
     * {@code Oem}, annotations and {@code EntityLink} are left alone; a reference the service cannot resolve stays a
     * reference.
     */
    static ObjectNode expand(ObjectNode body, char mode, Function<String, Optional<ObjectNode>> resolve) {
        ObjectNode copy = body.deepCopy();
        walk(copy, false, mode, resolve);
        return copy;
    }

    private static boolean isRef(JsonNode n) {
        return n.isObject()
                && n.size() == 1
                && n.has("@odata.id")
                && n.get("@odata.id").isTextual();
    }

    private static JsonNode expanded(JsonNode n, boolean inLinks, char mode, Function<String, Optional<ObjectNode>> r) {
        if (!isRef(n)) {
            return null;
        }
        boolean want = mode == '*' || (mode == '.' && !inLinks) || (mode == '~' && inLinks);
        return want ? r.apply(n.get("@odata.id").asText()).orElse(null) : null;
    }

    private static void walk(JsonNode n, boolean inLinks, char mode, Function<String, Optional<ObjectNode>> r) {
        if (n instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            Map<String, JsonNode> replace = new LinkedHashMap<>();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                if (k.startsWith("@") || SKIP.contains(k)) {
                    continue;
                }
                boolean links = inLinks || k.equals("Links");
                JsonNode x = expanded(e.getValue(), links, mode, r);
                if (x != null) {
                    replace.put(k, x);
                } else {
                    walk(e.getValue(), links, mode, r);
                }
            }
            replace.forEach(o::set);
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode x = expanded(a.get(i), inLinks, mode, r);
                if (x != null) {
                    a.set(i, x);
                } else {
                    walk(a.get(i), inLinks, mode, r);
                }
            }
        }
    }

    /**
     * {@code $select}: keeps the selected properties (paths into complex properties with {@code /}) plus the OData
     * annotations and the properties the DMTF JSON Schemas require (Id and Name; Members and Members@odata.count of
     * collections), so that the response still validates. Properties that do not exist are not returned.
     */
    static ObjectNode select(ObjectNode body, List<String> paths) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        boolean coll = isCollection(body);
        body.fields().forEachRemaining(e -> {
            if (ALWAYS.contains(e.getKey()) || (coll && COLLECTION.contains(e.getKey()))) {
                out.set(e.getKey(), e.getValue());
            }
        });
        for (String p : paths) {
            copy(body, out, p.split("/"), 0);
        }
        return out;
    }

    private static void copy(JsonNode from, ObjectNode to, String[] path, int i) {
        JsonNode v = from.get(path[i]);
        if (v == null) {
            return;
        }
        if (i == path.length - 1 || !v.isObject()) {
            if (i == path.length - 1) {
                to.set(path[i], v);
            }
            return;
        }
        JsonNode existing = to.get(path[i]);
        ObjectNode sub = existing instanceof ObjectNode eo ? eo : Json.MAPPER.createObjectNode();
        to.set(path[i], sub);
        copy(v, sub, path, i + 1);
    }
}
