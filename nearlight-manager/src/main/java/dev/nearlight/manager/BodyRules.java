package dev.nearlight.manager;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place where request bodies are checked against what the Redfish schemas allow for each writable resource
 * and action: property names (unknown -> PropertyUnknown, read-only -> PropertyNotWritable), JSON types
 * (PropertyValueTypeError), integer and number ranges including overflow (PropertyValueOutOfRange), string lengths
 * (StringValueTooLong) and formats (PropertyValueFormatError), array sizes (ArraySizeTooLong). Handlers run only on
 * bodies that passed, so they never see a string where a number belongs or a count that overflows an int.
 */
final class BodyRules {
    private BodyRules() {}

    /** A rule for one JSON value. */
    sealed interface Rule permits Str, Int, Num, Bool, Obj, Arr, OneOf, Any {}

    /**
     * A string.
     *
     * @param max longest length in characters
     * @param pattern regular expression it must match, or null
     */
    record Str(int max, String pattern) implements Rule {}

    /**
     * An integer (JSON integral number that fits a long).
     *
     * @param min smallest value
     * @param max largest value
     */
    record Int(long min, long max) implements Rule {}

    /**
     * A number.
     *
     * @param min smallest value
     * @param max largest value
     */
    record Num(double min, double max) implements Rule {}

    /** A boolean. */
    record Bool() implements Rule {}

    /** Anything (a property the handler interprets itself, e.g. a whole composition manifest). */
    record Any() implements Rule {}

    /**
     * An object with known writable properties; other names are read-only (if listed) or unknown.
     *
     * @param props writable properties and their rules
     * @param readOnly names that exist on the resource but cannot be written
     */
    record Obj(Map<String, Rule> props, Set<String> readOnly) implements Rule {}

    /**
     * An array.
     *
     * @param item rule for each element
     * @param maxItems largest size
     */
    record Arr(Rule item, int maxItems) implements Rule {}

    /**
     * Either an array of items, an object with a {@code Members} array of items, or one item (the three shapes a
     * constrained composition request uses for Processors, Memory and Storage).
     *
     * @param item rule for each member
     * @param maxItems largest number of members
     */
    record OneOf(Obj item, int maxItems) implements Rule {}

    /** Longest free-text property (Name, Description, Context). */
    static final int NAME = 255;
    /** Longest identifier (block, zone, endpoint ids; ReservationId). */
    static final int ID = 64;
    /** Longest URI accepted in a reference or a subscription destination. */
    static final int URI = 1024;

    static Str str(int max) {
        return new Str(max, null);
    }

    static Str id() {
        return new Str(ID, "[A-Za-z0-9._-]+");
    }

    /** A reference object {"@odata.id": "/redfish/v1/..."}. */
    static Obj ref() {
        return obj("@odata.id", new Str(URI, "/redfish/v1/[^\\s]*"));
    }

    /** An object from alternating names and rules; no read-only names. */
    static Obj obj(Object... kv) {
        Map<String, Rule> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Rule) kv[i + 1]);
        }
        return new Obj(m, Set.of());
    }

    static Obj readOnly(Obj o, String... names) {
        return new Obj(o.props(), Set.of(names));
    }

    /**
     * Checks a body. For a PATCH, {@code current} is the resource as GET shows it: a property it has but the rule does
     * not list is read-only (PropertyNotWritable); a property it lacks is unknown (PropertyUnknown).
     */
    static void check(JsonNode body, Obj rule, JsonNode current) {
        checkObj(body, rule, "", current);
    }

    private static RedfishException bad(String id, String pointer, String... args) {
        return new RedfishException(400, Messages.withProps(id, List.of(pointer.isEmpty() ? "/" : pointer), args));
    }

    private static String shown(JsonNode v) {
        String s = v.isTextual() ? v.asText() : v.toString();
        return s.length() > 64 ? s.substring(0, 61) + "..." : s;
    }

    private static String name(String pointer) {
        return pointer.startsWith("/") ? pointer.substring(1) : pointer;
    }

    private static void checkObj(JsonNode v, Obj rule, String pointer, JsonNode current) {
        if (!v.isObject()) {
            throw bad("PropertyValueTypeError", pointer, shown(v), name(pointer));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = pointer + "/" + e.getKey();
            Rule r = rule.props().get(e.getKey());
            if (r == null) {
                boolean ro = rule.readOnly().contains(e.getKey()) || (current != null && current.has(e.getKey()));
                throw bad(ro ? "PropertyNotWritable" : "PropertyUnknown", p, name(p));
            }
            checkValue(e.getValue(), r, p, current == null ? null : current.get(e.getKey()));
        }
    }

    private static void checkValue(JsonNode v, Rule rule, String p, JsonNode current) {
        if (rule instanceof Str s) {
            if (!v.isTextual()) {
                throw bad("PropertyValueTypeError", p, shown(v), name(p));
            }
            String t = v.asText();
            if (t.length() > s.max()) {
                throw bad("StringValueTooLong", p, shown(v), Integer.toString(s.max()));
            }
            if (s.pattern() != null && !t.matches(s.pattern())) {
                throw bad("PropertyValueFormatError", p, shown(v), name(p));
            }
        } else if (rule instanceof Int i) {
            if (!v.isIntegralNumber()) {
                throw bad("PropertyValueTypeError", p, shown(v), name(p));
            }
            if (!v.canConvertToLong() || v.asLong() < i.min() || v.asLong() > i.max()) {
                throw bad("PropertyValueOutOfRange", p, shown(v), name(p));
            }
        } else if (rule instanceof Num n) {
            if (!v.isNumber()) {
                throw bad("PropertyValueTypeError", p, shown(v), name(p));
            }
            double d = v.asDouble();
            if (!(d >= n.min() && d <= n.max())) {
                throw bad("PropertyValueOutOfRange", p, shown(v), name(p));
            }
        } else if (rule instanceof Bool) {
            if (!v.isBoolean()) {
                throw bad("PropertyValueTypeError", p, shown(v), name(p));
            }
        } else if (rule instanceof Obj o) {
            checkObj(v, o, p, current != null && current.isObject() ? current : null);
        } else if (rule instanceof Arr a) {
            checkArr(v, a.item(), a.maxItems(), p);
        } else if (rule instanceof OneOf o) {
            if (v.isArray()) {
                checkArr(v, o.item(), o.maxItems(), p);
            } else if (v.isObject() && v.has("Members")) {
                checkObj(v, obj("Members", new Arr(o.item(), o.maxItems())), p, null);
            } else {
                checkObj(v, o.item(), p, null);
            }
        }
    }

    private static void checkArr(JsonNode v, Rule item, int max, String p) {
        if (!v.isArray()) {
            throw bad("PropertyValueTypeError", p, shown(v), name(p));
        }
        if (v.size() > max) {
            throw bad("ArraySizeTooLong", p, name(p), Integer.toString(max));
        }
        for (int k = 0; k < v.size(); k++) {
            checkValue(v.get(k), item, p + "/" + k, null);
        }
    }

    // ------------------------------------------------------------------ the request bodies the service accepts

    /** Largest @Redfish.RequestedCount of one member (far above any pool; the planner then answers NoResourceMatch). */
    static final long MAX_COUNT = 4096;
    /** Largest CapacityMiB of one member: 1 EiB, so a count times chunks can never overflow. */
    static final long MAX_CAPACITY_MIB = 1L << 40;
    /** Largest latency budget a client may ask for, ns. */
    static final double MAX_LATENCY_NS = 1e9;

    private static final String[] COMMON_READ_ONLY = {
        "@odata.id", "@odata.type", "@odata.context", "@odata.etag", "Id", "Status", "Actions"
    };

    private static Obj withCommonReadOnly(Obj o, String... more) {
        String[] all = new String[COMMON_READ_ONLY.length + more.length];
        System.arraycopy(COMMON_READ_ONLY, 0, all, 0, COMMON_READ_ONLY.length);
        System.arraycopy(more, 0, all, COMMON_READ_ONLY.length, more.length);
        return readOnly(o, all);
    }

    /** No body properties at all (DELETE, actions without parameters). */
    static final Obj NONE = obj();

    private static final Int COUNT = new Int(1, MAX_COUNT);

    /** A ComputerSystem to compose (POST /Systems, a Compose stanza's Request). */
    static final Obj COMPOSE_REQUEST = withCommonReadOnly(
            obj(
                    "Name", str(NAME),
                    "Description", str(NAME),
                    "Links", obj("ResourceBlocks", new Arr(ref(), 1024)),
                    "Processors", new OneOf(obj("@Redfish.RequestedCount", COUNT), 64),
                    "Memory",
                            new OneOf(
                                    obj("@Redfish.RequestedCount", COUNT, "CapacityMiB", new Int(1, MAX_CAPACITY_MIB)),
                                    64),
                    "Storage", new OneOf(obj("@Redfish.RequestedCount", COUNT), 64),
                    "Oem",
                            obj(
                                    "Nearlight",
                                    obj(
                                            "MaxLatencyNs", new Num(1, MAX_LATENCY_NS),
                                            "ResourceZone", id(),
                                            "HostBlock", id()))),
            "SystemType",
            "UUID",
            "PowerState",
            "ProcessorSummary",
            "MemorySummary",
            "Boot");

    /** PATCH /Systems/{id}: only the name. */
    static final Obj SYSTEM_PATCH = obj("Name", str(NAME));

    /** CompositionService.Compose. */
    static final Obj COMPOSE_ACTION = obj(
            "RequestFormat", str(32),
            "RequestType", str(32),
            "ReservationId", id(),
            "Manifest",
                    obj(
                            "Description", str(NAME),
                            "Timestamp", str(64),
                            "Expand", str(32),
                            "Stanzas",
                                    new Arr(
                                            obj(
                                                    "StanzaType", str(32),
                                                    "StanzaId", str(ID),
                                                    "Request", COMPOSE_REQUEST),
                                            64)));

    /** ComputerSystem.AddResourceBlock / RemoveResourceBlock. */
    static final Obj BLOCK_ACTION =
            obj("ResourceBlock", ref(), "ResourceBlockETag", str(128), "ComputerSystemETag", str(128));

    /** POST /Fabrics/{f}/Zones. */
    static final Obj ZONE_CREATE = withCommonReadOnly(obj(
            "Id", id(),
            "Name", str(NAME),
            "Description", str(NAME),
            "ZoneType", str(32),
            "Links", obj("Endpoints", new Arr(ref(), 1024))));

    /** PATCH /Fabrics/{f}/Zones/{id}. */
    static final Obj ZONE_PATCH =
            obj("Name", str(NAME), "Description", str(NAME), "Links", obj("Endpoints", new Arr(ref(), 1024)));

    /** Zone.AddEndpoint / RemoveEndpoint. */
    static final Obj ZONE_ACTION = obj("Endpoint", ref(), "EndpointETag", str(128), "ZoneETag", str(128));

    /** POST /Fabrics/CXL/Connections. */
    static final Obj CONNECTION_CREATE = withCommonReadOnly(obj(
            "Name", str(NAME),
            "Description", str(NAME),
            "ConnectionType", str(32),
            "Links", obj("InitiatorEndpoints", new Arr(ref(), 16), "TargetEndpoints", new Arr(ref(), 1024)),
            "MemoryChunkInfo", new Arr(obj("MemoryChunk", ref(), "AccessCapabilities", new Arr(str(32), 8)), 1024)));

    /** Oem.Nearlight.InjectFault. */
    static final Obj FAULT_ACTION = obj("FaultType", str(32));

    /** Port.Reset. */
    static final Obj RESET_ACTION = obj("ResetType", str(32));

    private static final Str PASSWORD = str(1024);

    /** POST /AccountService/Accounts. */
    static final Obj ACCOUNT_CREATE = withCommonReadOnly(
            obj(
                    "UserName", new Str(AccountPolicy.MAX_USER_NAME, null),
                    "Password", PASSWORD,
                    "RoleId", str(32),
                    "Enabled", new Bool(),
                    "AccountTypes", new Arr(str(32), 8)),
            "Locked",
            "Links");

    /** PATCH /AccountService/Accounts/{id}; Locked may only be set to false (unlock). */
    static final Obj ACCOUNT_PATCH = obj(
            "UserName", new Str(AccountPolicy.MAX_USER_NAME, null),
            "Password", PASSWORD,
            "RoleId", str(32),
            "Enabled", new Bool(),
            "Locked", new Bool());

    /** POST /SessionService/Sessions. */
    static final Obj LOGIN = obj("UserName", str(1024), "Password", PASSWORD, "Context", str(NAME));

    /** PATCH /SessionService. */
    static final Obj SESSION_SERVICE_PATCH = obj("SessionTimeout", new Int(30, 86_400));

    /** POST /EventService/Subscriptions. */
    static final Obj SUBSCRIPTION_CREATE = withCommonReadOnly(obj(
            "Destination", new Str(URI, "https?://[A-Za-z0-9.\\-\\[\\]:]+(:[0-9]{1,5})?(/[^\\s]*)?"),
            "Context", str(NAME),
            "Protocol", str(16),
            "Name", str(NAME),
            "EventFormatType", str(32),
            "SubscriptionType", str(32),
            "DeliveryRetryPolicy", str(32),
            "IncludeOriginOfCondition", new Bool(),
            "RegistryPrefixes", new Arr(str(64), 16),
            "ResourceTypes", new Arr(str(64), 64),
            "OriginResources", new Arr(ref(), 64),
            "DeliveryRetryAttempts", new Int(0, 20),
            "DeliveryRetryIntervalSeconds", new Int(1, 3600)));

    /** EventService.SubmitTestEvent: its parameters are echoed, so only their types and lengths are checked. */
    static final Obj TEST_EVENT = obj(
            "EventType", str(32),
            "EventId", str(ID),
            "EventTimestamp", str(64),
            "EventGroupId", new Int(0, Integer.MAX_VALUE),
            "Severity", str(32),
            "MessageSeverity", str(32),
            "Message", str(NAME),
            "MessageId", str(128),
            "MessageArgs", new Arr(str(NAME), 16),
            "OriginOfCondition", new Any(),
            "Context", str(NAME));
}
