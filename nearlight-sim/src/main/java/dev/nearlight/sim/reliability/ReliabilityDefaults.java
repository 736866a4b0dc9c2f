package dev.nearlight.sim.reliability;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Param;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The defaults file ({@code reliability/defaults.yaml}): common parameters, job parameters and per-technology
 * parameters, every number a {@link Param} with range, unit, source and confidence.
 *
 * @param common cluster-wide parameters (GPU, NIC, switch rates, service team, laser reference)
 * @param job job parameters
 * @param technologies per optics technology id (presets for {@link DefaultClusterFactory#withOptics}), in file order
 * @param flaps link flap process per catalogue technology family (e.g. {@code pluggable-dsp-dr}, {@code aec})
 * @param policies the job's default failure policies by name ({@code railLoss}, {@code repairSchedule}, {@code
 *     asyncCheckpoint}, {@code drainBeforeFailure}), as words
 */
public record ReliabilityDefaults(
        Map<String, Param> common,
        Map<String, Param> job,
        Map<String, Technology> technologies,
        Map<String, Flap> flaps,
        Map<String, String> policies) {
    /** Classpath location of the shipped defaults. */
    public static final String RESOURCE = "reliability/defaults.yaml";

    public ReliabilityDefaults {
        if (common == null || job == null || technologies == null || technologies.isEmpty()) {
            throw new InputException(RESOURCE + ": needs 'common', 'job' and 'technologies' sections");
        }
        if (flaps == null || policies == null) {
            throw new InputException(RESOURCE + ": needs 'flaps' and 'policies' sections");
        }
        common = new LinkedHashMap<>(common);
        job = new LinkedHashMap<>(job);
        technologies = new LinkedHashMap<>(technologies);
        flaps = new LinkedHashMap<>(flaps);
        policies = new LinkedHashMap<>(policies);
    }

    /**
     * The flap process of links of one technology: flaps per link-year and their mean duration (exponential).
     *
     * @param rate flaps per link per year
     * @param meanDuration mean flap duration, seconds
     */
    public record Flap(Param rate, Param meanDuration) {
        public Flap {
            if (rate == null || meanDuration == null) {
                throw new InputException("flap needs rate and meanDuration");
            }
            if (!(meanDuration.value() > 0)) {
                throw new InputException("flap meanDuration must be > 0 s");
            }
        }

        /** Flaps per link per year. */
        public double ratePerLinkYear() {
            return rate.value();
        }

        /** Mean flap duration in seconds. */
        public double meanDurationS() {
            return meanDuration.value();
        }
    }

    /**
     * The flap process of catalogue technology {@code technology} (id or prefix): the entry of the longest family
     * name it starts with.
     *
     * @throws InputException when no family matches (names the families)
     */
    public Flap flap(String technology) {
        String id = technology.toLowerCase(java.util.Locale.ROOT);
        String best = null;
        for (String k : flaps.keySet()) {
            if ((id.equals(k) || id.startsWith(k + "-")) && (best == null || k.length() > best.length())) {
                best = k;
            }
        }
        if (best == null) {
            throw new InputException(RESOURCE + ": no flap process for technology '" + technology + "': add one under"
                    + " 'flaps' (known: " + String.join(", ", flaps.keySet()) + ")");
        }
        return flaps.get(best);
    }

    /** A policy word as an enum constant ({@code swap-node} is {@code SWAP_NODE}). */
    public <E extends Enum<E>> E policy(String key, Class<E> type) {
        String v = policies.get(key);
        if (v == null) {
            throw new InputException(RESOURCE + ": policies has no '" + key + "'");
        }
        try {
            return Enum.valueOf(
                    type, v.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> words = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                words.add(c.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            }
            throw new InputException(
                    RESOURCE + ": policies." + key + " '" + v + "' unknown: use one of " + String.join(", ", words), e);
        }
    }

    /** A yes/no policy. */
    public boolean policyFlag(String key) {
        String v = policies.get(key);
        if (v == null || !(v.equals("true") || v.equals("false"))) {
            throw new InputException(RESOURCE + ": policies." + key + " must be true or false (got " + v + ")");
        }
        return Boolean.parseBoolean(v);
    }

    /** A partial defaults file: every section optional, every entry replaces the shipped one of the same key. */
    private record Overrides(
            Map<String, Param> common,
            Map<String, Param> job,
            Map<String, Technology> technologies,
            Map<String, Flap> flaps,
            Map<String, String> policies) {}

    /**
     * These defaults with the entries of a partial defaults file replacing the ones of the same key (for example a
     * fleet's own GPU and host failure rates and recovery times); unknown keys are located errors, so a typo cannot
     * be ignored silently.
     */
    public ReliabilityDefaults overriddenBy(InputStream in, String fileName) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true);
        Overrides o;
        try {
            o = mapper.readValue(in, Overrides.class);
        } catch (ValueInstantiationException e) {
            Throwable c = e.getCause();
            String msg = c instanceof InputException || c instanceof IllegalArgumentException
                    ? c.getMessage()
                    : e.getOriginalMessage();
            throw new InputException(where(fileName, e.getLocation()) + msg, e);
        } catch (JsonProcessingException e) {
            throw new InputException(where(fileName, e.getLocation()) + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (o == null) {
            return this;
        }
        return new ReliabilityDefaults(
                merge(common, o.common(), fileName, "common"),
                merge(job, o.job(), fileName, "job"),
                merge(technologies, o.technologies(), fileName, "technologies"),
                merge(flaps, o.flaps(), fileName, "flaps"),
                merge(policies, o.policies(), fileName, "policies"));
    }

    private static <V> Map<String, V> merge(Map<String, V> base, Map<String, V> over, String file, String section) {
        Map<String, V> out = new LinkedHashMap<>(base);
        if (over == null) {
            return out;
        }
        for (Map.Entry<String, V> e : over.entrySet()) {
            if (!base.containsKey(e.getKey()) && !section.equals("technologies") && !section.equals("flaps")) {
                throw new InputException(file + ": " + section + "." + e.getKey() + " is not a reliability default:"
                        + " use one of " + String.join(", ", base.keySet()));
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** The same defaults with other policies. */
    public ReliabilityDefaults withPolicies(Map<String, String> p) {
        return new ReliabilityDefaults(common, job, technologies, flaps, p);
    }

    /**
     * One optics technology.
     *
     * @param label human-readable name
     * @param kind structural kind: pluggable, npo, cpo, cpo-switch or copper
     * @param catalogue core catalogue technology id prefix (e.g. {@code npo}, resolved with the port rate to {@code
     *     npo-1.6t}) whose link-model facts (laser FIT at temperature, lasers per port, end FIT, FRU, MTTR) are used;
     *     {@code null}: the shipped mapping of the technology id ({@link DefaultClusterFactory#catalogueFor})
     * @param params the parameters the catalogue does not hold (engine grouping, laser-source electronics, costs);
     *     optional {@code repairHours} / {@code engineRepairHours} override the catalogue MTTR
     */
    public record Technology(String label, String kind, String catalogue, Map<String, Param> params) {
        /** A technology with the shipped catalogue mapping of its id (kept for callers of the three-field form). */
        public Technology(String label, String kind, Map<String, Param> params) {
            this(label, kind, null, params);
        }

        public Technology {
            if (label == null || kind == null || params == null) {
                throw new InputException("technology needs label, kind and params");
            }
            if (!List.of("pluggable", "npo", "npo-switch", "cpo", "cpo-switch", "copper")
                    .contains(kind)) {
                throw new InputException("technology kind '" + kind
                        + "' unknown: use pluggable, npo, npo-switch, cpo, cpo-switch or copper");
            }
            params = new LinkedHashMap<>(params);
        }

        /** The default value of parameter {@code key}. */
        public double value(String key) {
            return param(params, key, "technology '" + label + "'").value();
        }
    }

    /** Loads the defaults shipped on the classpath. */
    public static ReliabilityDefaults load() {
        try (InputStream in = ReliabilityDefaults.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the classpath");
            }
            return parse(in, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a defaults file; errors name the file, line and column. */
    public static ReliabilityDefaults parse(InputStream in, String fileName) {
        ObjectMapper mapper =
                new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true);
        try {
            return mapper.readValue(in, ReliabilityDefaults.class);
        } catch (ValueInstantiationException e) {
            Throwable c = e.getCause();
            String msg = c instanceof InputException || c instanceof IllegalArgumentException
                    ? c.getMessage()
                    : e.getOriginalMessage();
            throw new InputException(where(fileName, e.getLocation()) + msg, e);
        } catch (JsonProcessingException e) {
            throw new InputException(where(fileName, e.getLocation()) + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String where(String fileName, JsonLocation loc) {
        return loc == null
                ? fileName + ": "
                : fileName + " line " + loc.getLineNr() + " column " + loc.getColumnNr() + ": ";
    }

    /** The default value of common parameter {@code key}. */
    public double common(String key) {
        return param(common, key, "common").value();
    }

    /** The default value of job parameter {@code key}. */
    public double job(String key) {
        return param(job, key, "job").value();
    }

    /** The technology with id {@code id}, or an {@link InputException} naming the closest ids. */
    public Technology technology(String id) {
        Technology t = technologies.get(id == null ? "" : id.toLowerCase(java.util.Locale.ROOT));
        if (t == null) {
            throw new InputException("--optics '" + id + "' unknown: use one of "
                    + String.join(", ", technologies.keySet()) + " (closest: "
                    + String.join(", ", closest(id, new ArrayList<>(technologies.keySet()))) + ")");
        }
        return t;
    }

    /** Technology ids in file order. */
    public List<String> technologyIds() {
        return List.copyOf(technologies.keySet());
    }

    private static Param param(Map<String, Param> map, String key, String section) {
        Param p = map.get(key);
        if (p == null) {
            throw new InputException(RESOURCE + ": " + section + " has no parameter '" + key + "'");
        }
        return p;
    }

    /** The one or two ids closest to {@code s} by edit distance. */
    static List<String> closest(String s, List<String> ids) {
        String q = s == null ? "" : s.toLowerCase(java.util.Locale.ROOT);
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.comparingInt((String id) -> editDistance(q, id)).thenComparing(id -> id));
        int best = editDistance(q, sorted.get(0));
        List<String> out = new ArrayList<>();
        for (String id : sorted) {
            if (editDistance(q, id) == best && out.size() < 2) {
                out.add(id);
            }
        }
        return out;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
