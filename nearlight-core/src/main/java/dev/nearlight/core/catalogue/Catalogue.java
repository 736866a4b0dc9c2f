package dev.nearlight.core.catalogue;

import dev.nearlight.core.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable component catalogue: technologies, SerDes classes, laminates, channel elements, lasers, fibres,
 * cables, FEC schemes, optical PMDs, cooling profiles and endpoints. The defaults ship as YAML resources (one file
 * per kind); user files add entries or override them by id, later files winning. Lookups of unknown ids throw an
 * {@link InputException} naming the closest valid ids.
 */
public final class Catalogue {
    private static final String RESOURCE_DIR = "/catalogue/";

    private final Map<CatalogueKind, Map<String, CatalogueEntry>> entries;
    private final Map<CatalogueKind, Map<String, String>> origins;

    private Catalogue(
            Map<CatalogueKind, Map<String, CatalogueEntry>> entries, Map<CatalogueKind, Map<String, String>> origins) {
        this.entries = entries;
        this.origins = origins;
    }

    private static final class Defaults {
        static final Catalogue INSTANCE = build(List.of(), null);
    }

    /** The shipped default catalogue (loaded once; immutable). */
    public static Catalogue defaults() {
        return Defaults.INSTANCE;
    }

    /** The defaults plus the given user files, in order; later files override entries with the same id. */
    public static Catalogue load(List<Path> overrideFiles) {
        if (overrideFiles == null || overrideFiles.isEmpty()) {
            return defaults();
        }
        return build(overrideFiles, null);
    }

    /**
     * Checks one user file against the schema and the defaults (cross-references included); returns the merged
     * catalogue or throws an {@link InputException} naming file, line, column and field.
     */
    public static Catalogue validate(Path file) {
        return build(List.of(file), null);
    }

    /** Parses catalogue YAML text (for tests and embedding) on top of the defaults. */
    public static Catalogue fromYaml(String name, String yaml) {
        return build(List.of(), new String[] {name, yaml});
    }

    private static Catalogue build(List<Path> files, String[] inline) {
        CatalogueLoader loader = new CatalogueLoader();
        Map<CatalogueKind, Map<String, CatalogueEntry>> entries = new EnumMap<>(CatalogueKind.class);
        Map<CatalogueKind, Map<String, String>> origins = new EnumMap<>(CatalogueKind.class);
        for (CatalogueKind k : CatalogueKind.values()) {
            entries.put(k, new LinkedHashMap<>());
            origins.put(k, new LinkedHashMap<>());
        }
        for (CatalogueKind k : CatalogueKind.values()) {
            String res = RESOURCE_DIR + k.fileName();
            try (InputStream in = Catalogue.class.getResourceAsStream(res)) {
                if (in == null) {
                    throw new IllegalStateException("missing default catalogue resource " + res);
                }
                merge(loader.read("catalogue/" + k.fileName(), in), entries, origins);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + res, e);
            }
        }
        // the unit each field has in the shipped catalogue: an override must write its number in the same unit
        boolean overrides = !files.isEmpty() || inline != null;
        Map<String, java.util.Set<String>> shippedUnits = overrides ? shippedUnits(entries) : Map.of();
        Map<CatalogueKind, Map<String, CatalogueEntry>> shipped = new EnumMap<>(CatalogueKind.class);
        if (overrides) {
            entries.forEach((k, m) -> shipped.put(k, new LinkedHashMap<>(m)));
        }
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                merge(loader.read(f.toString(), in), entries, origins);
            } catch (NoSuchFileException e) {
                throw new InputException("--catalogue " + f + ": file not found (give an existing YAML file)", e);
            } catch (IOException e) {
                throw new InputException("--catalogue " + f + ": cannot read (" + e.getMessage() + ")", e);
            }
        }
        if (inline != null) {
            merge(
                    loader.read(
                            inline[0],
                            new java.io.ByteArrayInputStream(
                                    inline[1].getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                    entries,
                    origins);
        }
        Map<CatalogueKind, Map<String, CatalogueEntry>> frozen = new EnumMap<>(CatalogueKind.class);
        Map<CatalogueKind, Map<String, String>> frozenOrigins = new EnumMap<>(CatalogueKind.class);
        for (CatalogueKind k : CatalogueKind.values()) {
            frozen.put(k, Collections.unmodifiableMap(entries.get(k)));
            frozenOrigins.put(k, Collections.unmodifiableMap(origins.get(k)));
        }
        Catalogue c = new Catalogue(Collections.unmodifiableMap(frozen), Collections.unmodifiableMap(frozenOrigins));
        if (overrides) {
            c.checkUnits(shippedUnits, shipped);
        }
        c.checkReferences();
        c.checkPlatforms();
        return c;
    }

    private static volatile Map<String, java.util.Set<String>> shippedUnitsCache;

    /** {@link #unitsByField} of the shipped entries, computed once (they never change in a JVM). */
    private static Map<String, java.util.Set<String>> shippedUnits(
            Map<CatalogueKind, Map<String, CatalogueEntry>> shippedEntries) {
        Map<String, java.util.Set<String>> u = shippedUnitsCache;
        if (u == null) {
            u = Collections.unmodifiableMap(unitsByField(shippedEntries));
            shippedUnitsCache = u;
        }
        return u;
    }

    /**
     * The units each field is written in, by field pattern ({@code kind/{@literal *}/field}, list indices dropped), from
     * {@code entries}.
     */
    private static Map<String, java.util.Set<String>> unitsByField(
            Map<CatalogueKind, Map<String, CatalogueEntry>> entries) {
        Map<String, java.util.Set<String>> units = new java.util.HashMap<>();
        for (CatalogueKind k : CatalogueKind.values()) {
            for (CatalogueEntry e : entries.get(k).values()) {
                CatalogueParams.map(k, e, (path, param) -> {
                    units.computeIfAbsent(fieldPattern(path), x -> new java.util.TreeSet<>())
                            .add(param.unit().strip());
                    return param;
                });
            }
        }
        return units;
    }

    /** {@code endpoints/h100/scaleUpGbps} as {@code endpoints/*}{@code /scaleUpGbps}; list indices dropped. */
    private static String fieldPattern(String path) {
        String[] parts = path.split("/", 3);
        String rest = parts.length > 2 ? parts[2].replaceAll("\\[[0-9]+]", "[]") : "";
        return parts[0] + "/*/" + rest;
    }

    /**
     * Refuses an override entry that writes a number in another unit than the shipped catalogue uses for that field:
     * the models read every field in one unit (a scale-up bandwidth in Gb/s), so "GB/s" beside a number would be
     * silently read as Gb/s, 8x off.
     */
    private void checkUnits(
            Map<String, java.util.Set<String>> shippedUnits, Map<CatalogueKind, Map<String, CatalogueEntry>> shipped) {
        for (CatalogueKind k : CatalogueKind.values()) {
            for (CatalogueEntry e : entries.get(k).values()) {
                if (shipped.get(k).get(e.id()) == e) {
                    continue;
                }
                CatalogueParams.map(k, e, (path, param) -> {
                    java.util.Set<String> want = shippedUnits.get(fieldPattern(path));
                    if (want != null && !want.contains(param.unit().strip())) {
                        String field = path.substring(path.indexOf('/', path.indexOf('/') + 1) + 1)
                                .replace('/', '.');
                        throw new InputException(origin(k, e.id()) + ": " + k.key() + "[id=" + e.id() + "]." + field
                                + ": unit '" + param.unit() + "' is not the unit the models read this field in ("
                                + String.join(" or ", want) + "); convert the numbers and write unit: \""
                                + want.iterator().next() + "\"");
                    }
                    return param;
                });
            }
        }
    }

    private static void merge(
            List<CatalogueLoader.Located> parsed,
            Map<CatalogueKind, Map<String, CatalogueEntry>> entries,
            Map<CatalogueKind, Map<String, String>> origins) {
        for (CatalogueLoader.Located l : parsed) {
            entries.get(l.kind()).put(l.entry().id(), l.entry());
            origins.get(l.kind()).put(l.entry().id(), l.origin());
        }
    }

    private void checkReferences() {
        for (Technology t : technologies()) {
            String o = origin(CatalogueKind.TECHNOLOGIES, t.id()) + ": technologies[id=" + t.id() + "].";
            Placement p = t.placement();
            ref(o + "placement.laminate", CatalogueKind.LAMINATES, p.laminate(), false);
            ref(o + "placement.via", CatalogueKind.CHANNEL_ELEMENTS, p.via(), false);
            ref(o + "placement.connector", CatalogueKind.CHANNEL_ELEMENTS, p.connector(), false);
            ref(o + "placement.package", CatalogueKind.CHANNEL_ELEMENTS, p.packageId(), false);
            ref(o + "laser", CatalogueKind.LASERS, t.laser(), true);
            ref(o + "pmd", CatalogueKind.PMDS, t.pmd(), true);
            ref(o + "fibre", CatalogueKind.FIBRES, t.fibre(), true);
            ref(o + "cable", CatalogueKind.CABLES, t.cable(), true);
            ref(o + "fec", CatalogueKind.FEC, t.fec(), false);
            int lane = (int) Math.round(t.laneGbps());
            if (serdesClassesFor(lane).isEmpty()) {
                throw new InputException(o + "lanes: no SerDes class serves " + lane + " Gb/s lanes (rate "
                        + t.rateGbps() + " / lanes " + t.lanes() + "; add a serdes entry with laneGbps " + lane
                        + " or fix lanes)");
            }
        }
    }

    private void checkPlatforms() {
        for (NodePlatform p : platforms()) {
            String o = origin(CatalogueKind.PLATFORMS, p.id()) + ": platforms[id=" + p.id() + "].";
            ref(o + "gpu", CatalogueKind.ENDPOINTS, p.gpu(), false);
            for (int i = 0; i < p.parts().size(); i++) {
                PlatformPart part = p.parts().get(i);
                ref(o + "parts[" + i + "].endpoint", CatalogueKind.ENDPOINTS, part.endpoint(), true);
                if (part.role() == PartRole.GPU && !p.gpu().equals(part.endpoint())) {
                    throw new InputException(
                            o + "parts[" + i + "].endpoint: the GPU part must name the platform's gpu '" + p.gpu()
                                    + "' (set endpoint: " + p.gpu() + ")");
                }
            }
        }
    }

    private void ref(String where, CatalogueKind kind, String id, boolean noneAllowed) {
        if (noneAllowed && Technology.NONE.equals(id)) {
            return;
        }
        if (!entries.get(kind).containsKey(id)) {
            throw new InputException(where + ": unknown " + kind.key() + " id '" + id + "' ("
                    + Closest.hint(id, entries.get(kind).keySet()) + ")");
        }
    }

    /**
     * A copy of this catalogue with every {@link Param} of every entry replaced by {@code f} (its path is {@code
     * kind/entry-id/field/...}, e.g. {@code technologies/npo-1.6t/laserFit}). Entries are rebuilt through the same validating constructors as when they
     * are loaded, so a mapped value outside what an entry accepts fails like a bad file would. Used to sample the
     * catalogue's ranges (Monte Carlo uncertainty) and to set one number (break-even searches).
     */
    public Catalogue mapParams(ParamMapper f) {
        Map<CatalogueKind, Map<String, CatalogueEntry>> mapped = new EnumMap<>(CatalogueKind.class);
        for (CatalogueKind k : CatalogueKind.values()) {
            Map<String, CatalogueEntry> m = new LinkedHashMap<>();
            for (Map.Entry<String, CatalogueEntry> e : entries.get(k).entrySet()) {
                m.put(e.getKey(), CatalogueParams.map(k, e.getValue(), f));
            }
            mapped.put(k, Collections.unmodifiableMap(m));
        }
        Catalogue c = new Catalogue(Collections.unmodifiableMap(mapped), origins);
        c.checkReferences();
        return c;
    }

    /**
     * A copy of this catalogue with the param at {@code path} (as {@link #paramPaths()} lists it) set to {@code value},
     * its range widened to include it. Unknown paths are an {@link InputException} naming the closest paths.
     */
    public Catalogue withParam(String path, double value) {
        List<String> paths = paramPaths();
        if (!paths.contains(path)) {
            throw new InputException("unknown catalogue parameter '" + path + "' (" + Closest.hint(path, paths) + ")");
        }
        return mapParams((p, param) -> p.equals(path) ? param.withValue(value) : param);
    }

    /** The path of every {@link Param} in the catalogue, in kind and file order. */
    public List<String> paramPaths() {
        List<String> out = new ArrayList<>();
        for (CatalogueKind k : CatalogueKind.values()) {
            for (CatalogueEntry e : entries.get(k).values()) {
                CatalogueParams.map(k, e, (p, param) -> {
                    out.add(p);
                    return param;
                });
            }
        }
        return out;
    }

    /** The param at {@code path}, if any. */
    public Optional<Param> param(String path) {
        Param[] found = {null};
        for (CatalogueKind k : CatalogueKind.values()) {
            for (CatalogueEntry e : entries.get(k).values()) {
                if (path.startsWith(k.key() + "/" + e.id() + "/")) {
                    CatalogueParams.map(k, e, (p, param) -> {
                        if (p.equals(path)) {
                            found[0] = param;
                        }
                        return param;
                    });
                }
            }
        }
        return Optional.ofNullable(found[0]);
    }

    /** Where an entry was defined ({@code file:line:column}), or the kind's key when unknown. */
    public String origin(CatalogueKind kind, String id) {
        return origins.get(kind).getOrDefault(id, kind.key());
    }

    @SuppressWarnings("unchecked")
    private <T extends CatalogueEntry> T get(CatalogueKind kind, String id, String what) {
        CatalogueEntry e = entries.get(kind).get(id);
        if (e == null) {
            throw new InputException("unknown " + what + " '" + id + "' ("
                    + Closest.hint(id, entries.get(kind).keySet()) + ")");
        }
        return (T) e;
    }

    @SuppressWarnings("unchecked")
    private <T extends CatalogueEntry> List<T> all(CatalogueKind kind) {
        return (List<T>) List.copyOf(entries.get(kind).values());
    }

    /** All entries of one kind, in file order. */
    public List<CatalogueEntry> entries(CatalogueKind kind) {
        return all(kind);
    }

    /** Finds an entry of any kind by id. */
    public Optional<CatalogueEntry> find(String id) {
        for (CatalogueKind k : CatalogueKind.values()) {
            CatalogueEntry e = entries.get(k).get(id);
            if (e != null) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The kind of an entry id, if any. */
    public Optional<CatalogueKind> kindOf(String id) {
        for (CatalogueKind k : CatalogueKind.values()) {
            if (entries.get(k).containsKey(id)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** All ids of all kinds (for "closest" hints). */
    public List<String> allIds() {
        List<String> ids = new ArrayList<>();
        entries.values().forEach(m -> ids.addAll(m.keySet()));
        return ids;
    }

    /** Technology by id. */
    public Technology technology(String id) {
        return get(CatalogueKind.TECHNOLOGIES, id, "technology");
    }

    /** Laminate by id. */
    public Laminate laminate(String id) {
        return get(CatalogueKind.LAMINATES, id, "laminate");
    }

    /** SerDes class by id. */
    public SerdesClass serdesClass(String id) {
        return get(CatalogueKind.SERDES, id, "serdes class");
    }

    /** Via, connector or package by id. */
    public ChannelElement channelElement(String id) {
        return get(CatalogueKind.CHANNEL_ELEMENTS, id, "channel element");
    }

    /** Laser by id. */
    public Laser laser(String id) {
        return get(CatalogueKind.LASERS, id, "laser");
    }

    /** Fibre by id. */
    public Fibre fibre(String id) {
        return get(CatalogueKind.FIBRES, id, "fibre");
    }

    /** Copper cable by id. */
    public Cable cable(String id) {
        return get(CatalogueKind.CABLES, id, "cable");
    }

    /** FEC scheme by id. */
    public Fec fec(String id) {
        return get(CatalogueKind.FEC, id, "fec");
    }

    /** Optical PMD by id. */
    public OpticalPmd pmd(String id) {
        return get(CatalogueKind.PMDS, id, "optical pmd");
    }

    /** Cooling profile by id ({@code air}, {@code liquid}). */
    public CoolingProfile cooling(String id) {
        return get(CatalogueKind.COOLING, id, "cooling profile");
    }

    /** The cooling profile of a cooling type. */
    public CoolingProfile cooling(CoolingType type) {
        for (CatalogueEntry e : entries.get(CatalogueKind.COOLING).values()) {
            if (((CoolingProfile) e).type() == type) {
                return (CoolingProfile) e;
            }
        }
        throw new InputException("no cooling profile of type " + type + " in the catalogue (add one)");
    }

    /** GPU, switch ASIC or NIC by id. */
    public Endpoint endpoint(String id) {
        return get(CatalogueKind.ENDPOINTS, id, "endpoint");
    }

    /** Node platform by id (e.g. {@code dgx-h100}). */
    public NodePlatform platform(String id) {
        return get(CatalogueKind.PLATFORMS, id, "platform");
    }

    /** All node platforms. */
    public List<NodePlatform> platforms() {
        return all(CatalogueKind.PLATFORMS);
    }

    /** Busy power of one part (its endpoint's power when it names one), W. */
    public double busyPowerW(PlatformPart part) {
        return Technology.NONE.equals(part.endpoint())
                ? part.busyW().value()
                : endpoint(part.endpoint()).powerW().value();
    }

    /** Unit price of one part (its endpoint's cost when it names one), USD. */
    public double unitPriceUsd(PlatformPart part) {
        return Technology.NONE.equals(part.endpoint())
                ? part.unitPriceUsd().value()
                : endpoint(part.endpoint()).costUsd().value();
    }

    /** Node power under a training load: the sum over parts of count x busy power, W (boundary NODE). */
    public double busyPowerW(NodePlatform p) {
        double w = 0;
        for (PlatformPart part : p.parts()) {
            w += part.count() * busyPowerW(part);
        }
        return w;
    }

    /** Node power while up and idle (e.g. waiting for a repair): the sum over parts of count x idle power, W. */
    public double idlePowerW(NodePlatform p) {
        double w = 0;
        for (PlatformPart part : p.parts()) {
            w += part.count() * part.idleW().value();
        }
        return w;
    }

    /** All technologies. */
    public List<Technology> technologies() {
        return all(CatalogueKind.TECHNOLOGIES);
    }

    /** All laminates. */
    public List<Laminate> laminates() {
        return all(CatalogueKind.LAMINATES);
    }

    /** All SerDes classes. */
    public List<SerdesClass> serdesClasses() {
        return all(CatalogueKind.SERDES);
    }

    /** All vias, connectors and packages. */
    public List<ChannelElement> channelElements() {
        return all(CatalogueKind.CHANNEL_ELEMENTS);
    }

    /** All lasers. */
    public List<Laser> lasers() {
        return all(CatalogueKind.LASERS);
    }

    /** All fibres. */
    public List<Fibre> fibres() {
        return all(CatalogueKind.FIBRES);
    }

    /** All cables. */
    public List<Cable> cables() {
        return all(CatalogueKind.CABLES);
    }

    /** All FEC schemes. */
    public List<Fec> fecs() {
        return all(CatalogueKind.FEC);
    }

    /** All optical PMDs. */
    public List<OpticalPmd> pmds() {
        return all(CatalogueKind.PMDS);
    }

    /** All cooling profiles. */
    public List<CoolingProfile> coolingProfiles() {
        return all(CatalogueKind.COOLING);
    }

    /** All endpoints. */
    public List<Endpoint> endpoints() {
        return all(CatalogueKind.ENDPOINTS);
    }

    /** Endpoints of one type. */
    public List<Endpoint> endpoints(EndpointType type) {
        return endpoints().stream().filter(e -> e.type() == type).toList();
    }

    /** Technologies offered at a data rate (within 0.5 Gb/s), in catalogue order. */
    public List<Technology> technologiesAt(double rateGbps) {
        return technologies().stream()
                .filter(t -> Math.abs(t.rateGbps() - rateGbps) < 0.5)
                .toList();
    }

    /** Distinct data rates offered by any technology, ascending. */
    public List<Double> rates() {
        return technologies().stream()
                .map(Technology::rateGbps)
                .distinct()
                .sorted()
                .toList();
    }

    /** SerDes classes for a lane rate, cheapest energy per bit first. */
    public List<SerdesClass> serdesClassesFor(int laneGbps) {
        return serdesClasses().stream()
                .filter(s -> s.laneGbps() == laneGbps)
                .sorted(Comparator.comparingDouble(
                                (SerdesClass s) -> s.energyPjPerBit().value())
                        .thenComparing(SerdesClass::tier))
                .toList();
    }
}
