package dev.nearlight.sim.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.CatalogueKind;
import dev.nearlight.core.catalogue.Endpoint;
import dev.nearlight.core.catalogue.EndpointType;
import dev.nearlight.core.catalogue.Param;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The accelerator presets of {@code train/accelerators.yaml} (compute, memory, NIC rate, calibration), completed with
 * the figures the core catalogue's GPU endpoint of the same id holds (power, scale-up bandwidth, NICs per GPU), so each
 * number has one home and a {@code --catalogue} override of a GPU reaches the training model. Every number carries its
 * range, source and confidence. Instances are immutable; load once and share.
 */
public final class AcceleratorCatalog {
    private static final String RESOURCE = "/train/accelerators.yaml";
    private final Map<String, AcceleratorSpec> specs;
    private final Map<String, Map<String, Estimate>> estimates;
    private final Map<String, String> aliases;

    private AcceleratorCatalog(
            Map<String, AcceleratorSpec> specs, Map<String, Map<String, Estimate>> estimates, Map<String, String> al) {
        this.specs = specs;
        this.estimates = estimates;
        this.aliases = al;
    }

    /** Loads the bundled presets over the default core catalogue. */
    public static AcceleratorCatalog load() {
        return load(Catalogue.defaults());
    }

    /** Loads the bundled presets over {@code catalogue} (defaults plus the user's overrides). */
    public static AcceleratorCatalog load(Catalogue catalogue) {
        try (InputStream in = AcceleratorCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(new ObjectMapper(new YAMLFactory()).readTree(in), catalogue);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AcceleratorCatalog parse(JsonNode root, Catalogue catalogue) {
        Map<String, AcceleratorSpec> specs = new LinkedHashMap<>();
        Map<String, Map<String, Estimate>> est = new LinkedHashMap<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        Map<String, String> scaledFrom = new LinkedHashMap<>();
        root.path("accelerators").fields().forEachRemaining(e -> nodes.put(e.getKey(), e.getValue()));
        // First pass: every accelerator's own numbers and the core catalogue's; derived efficiencies wait for the rest.
        for (Map.Entry<String, JsonNode> e : nodes.entrySet()) {
            String id = e.getKey();
            JsonNode n = e.getValue();
            Map<String, Estimate> numbers = new LinkedHashMap<>();
            n.fields().forEachRemaining(f -> {
                JsonNode v = f.getValue();
                if (!v.isObject()) {
                    return;
                }
                if (v.has("scaledFrom")) {
                    if (!f.getKey().equals("gemmEfficiency")) {
                        throw new IllegalStateException(
                                RESOURCE + ": accelerator " + id + ": only gemmEfficiency may be scaledFrom");
                    }
                    scaledFrom.put(id, v.path("scaledFrom").asText());
                    return;
                }
                numbers.put(
                        f.getKey(),
                        new Estimate(
                                v.path("value").asDouble(),
                                v.path("min").asDouble(),
                                v.path("max").asDouble(),
                                v.path("unit").asText(),
                                v.path("source").asText(),
                                v.path("confidence").asText()));
            });
            Endpoint gpu = catalogue.endpoint(id);
            if (gpu.type() != EndpointType.GPU) {
                throw new InputException(
                        catalogue.origin(CatalogueKind.ENDPOINTS, id) + ": endpoint " + id + " is typed "
                                + gpu.type() + ", but " + id + " is a training accelerator; keep type: GPU or give the "
                                + gpu.type() + " another id");
            }
            if (!(gpu.scaleUpGbps().value() > 0) || gpu.nics() <= 0) {
                // the training model divides by both: a zero would surface later as an error naming no file
                throw new InputException(catalogue.origin(CatalogueKind.ENDPOINTS, id) + ": endpoint " + id
                        + " is a training accelerator but has scaleUpGbps "
                        + gpu.scaleUpGbps().value() + " and nics "
                        + gpu.nics() + "; give both a positive value");
            }
            numbers.put("tdpW", estimate(gpu.powerW(), 1));
            numbers.put("scaleUpGBpsPerDirection", estimate(gpu.scaleUpGbps(), 1 / 8.0));
            numbers.put(
                    "nicsPerGpu",
                    new Estimate(
                            gpu.nics(),
                            gpu.nics(),
                            gpu.nics(),
                            "NICs",
                            "core catalogue endpoint " + id + " (nics)",
                            "high"));
            est.put(id, numbers);
        }
        // Second pass: an efficiency carried over from a fitted accelerator by the two GPUs' measured GEMM ceilings.
        for (Map.Entry<String, String> d : scaledFrom.entrySet()) {
            if (scaledFrom.containsKey(d.getValue())) {
                // one step from a fitted value, so the result does not depend on the order of the file
                throw new IllegalStateException(RESOURCE + ": accelerator " + d.getKey() + " is scaledFrom "
                        + d.getValue() + ", which is scaled itself; scale from a fitted accelerator");
            }
            est.get(d.getKey()).put("gemmEfficiency", mamfScaled(d.getKey(), d.getValue(), est, nodes));
        }
        for (Map.Entry<String, JsonNode> e : nodes.entrySet()) {
            String id = e.getKey();
            JsonNode n = e.getValue();
            Map<String, Estimate> numbers = est.get(id);
            est.put(id, Collections.unmodifiableMap(numbers));
            specs.put(
                    id,
                    new AcceleratorSpec(
                            id,
                            n.path("name").asText(id),
                            get(numbers, id, "peakBf16Tflops") * 1e12,
                            get(numbers, id, "peakFp8Tflops") * 1e12,
                            get(numbers, id, "hbmGiB"),
                            get(numbers, id, "hbmTBps") * 1e12,
                            (int) get(numbers, id, "scaleUpDomainGpus"),
                            get(numbers, id, "scaleUpGBpsPerDirection") * 1e9,
                            (int) get(numbers, id, "nicsPerGpu"),
                            get(numbers, id, "nicRateGbps"),
                            get(numbers, id, "tdpW"),
                            get(numbers, id, "gemmEfficiency"),
                            numbers.containsKey("peakFp4Tflops") ? get(numbers, id, "peakFp4Tflops") * 1e12 : 0,
                            n.path("tpCommOverlap").asBoolean(true),
                            numbers.containsKey("expTPerS") ? get(numbers, id, "expTPerS") * 1e12 : 0,
                            numbers.containsKey("fa2PeakFraction") ? get(numbers, id, "fa2PeakFraction") : 0,
                            n.path("attentionExpOverlap").asBoolean(false),
                            numbers.containsKey("sms")
                                    ? new CollectiveSms(
                                            (int) get(numbers, id, "sms"),
                                            (int) get(numbers, id, "collectiveCtasScaleUp"),
                                            (int) get(numbers, id, "collectiveCtasScaleOut"))
                                    : CollectiveSms.NONE,
                            numbers.containsKey("hostLinkGBps")
                                    ? new HostLink(
                                            get(numbers, id, "hostLinkGBps") * 1e9,
                                            get(numbers, id, "hostMemoryGiB"),
                                            n.path("hostLinkSharedWithNics").asBoolean(false))
                                    : HostLink.NONE));
            aliases.put(id, id);
            n.path("aliases").forEach(a -> aliases.put(a.asText().toLowerCase(Locale.ROOT), id));
        }
        return new AcceleratorCatalog(
                Collections.unmodifiableMap(specs),
                Collections.unmodifiableMap(est),
                Collections.unmodifiableMap(aliases));
    }

    /**
     * The GEMM efficiency of {@code id}, which has no fitted value, carried over from the fitted accelerator {@code
     * from}: a training step keeps the same share of a GPU's maximum achievable matmul rate (MAMF, a large BF16 GEMM
     * measured alone) on both, so {@code eff = eff(from) x (MAMF / peak) / (MAMF(from) / peak(from))}. The anchor's range
     * carries over.
     */
    static Estimate mamfScaled(
            String id, String from, Map<String, Map<String, Estimate>> est, Map<String, JsonNode> nodes) {
        Map<String, Estimate> anchor = est.get(from);
        if (anchor == null || !anchor.containsKey("gemmEfficiency") || !anchor.containsKey("mamfBf16Tflops")) {
            throw new IllegalStateException(RESOURCE + ": accelerator " + id + " is scaledFrom " + from
                    + ", which is not an accelerator with its own gemmEfficiency and mamfBf16Tflops");
        }
        Map<String, Estimate> own = est.get(id);
        double ownFraction = get(own, id, "mamfBf16Tflops") / get(own, id, "peakBf16Tflops");
        double anchorFraction = get(anchor, from, "mamfBf16Tflops") / get(anchor, from, "peakBf16Tflops");
        double factor = ownFraction / anchorFraction;
        Estimate a = anchor.get("gemmEfficiency");
        JsonNode n = nodes.get(id).path("gemmEfficiency");
        String source = String.format(
                Locale.ROOT,
                "%s's %.3g x MAMF fraction %.3f / %.3f (%.0f of %.0f vs %.0f of %.0f TFLOP/s BF16)%s",
                from,
                a.value(),
                ownFraction,
                anchorFraction,
                get(own, id, "mamfBf16Tflops"),
                get(own, id, "peakBf16Tflops"),
                get(anchor, from, "mamfBf16Tflops"),
                get(anchor, from, "peakBf16Tflops"),
                n.has("source") ? ": " + n.path("source").asText() : "");
        return new Estimate(
                Math.min(1, a.value() * factor),
                Math.min(1, a.min() * factor),
                Math.min(1, a.max() * factor),
                a.unit(),
                source,
                n.path("confidence").asText(a.confidence()));
    }

    /** A core catalogue number as an estimate, scaled by {@code factor} (Gb/s to GB/s: 1/8). */
    private static Estimate estimate(Param p, double factor) {
        String unit = factor == 1 ? p.unit() : "GB/s";
        return new Estimate(
                p.value() * factor,
                p.min() * factor,
                p.max() * factor,
                unit,
                p.source() + (factor == 1 ? "" : " (/8 for bytes)"),
                p.confidence().name().toLowerCase(Locale.ROOT));
    }

    private static double get(Map<String, Estimate> numbers, String id, String key) {
        Estimate e = numbers.get(key);
        if (e == null) {
            throw new IllegalStateException(RESOURCE + ": accelerator " + id + " lacks " + key);
        }
        return e.value();
    }

    /** Catalogue ids in file order. */
    public List<String> ids() {
        return List.copyOf(specs.keySet());
    }

    /** The accelerator with this id or alias (case-insensitive). */
    public AcceleratorSpec get(String idOrAlias) {
        String id = aliases.get(idOrAlias.toLowerCase(Locale.ROOT));
        if (id == null) {
            throw new InputException("gpu: unknown accelerator '" + idOrAlias + "' (use one of " + ids() + ")");
        }
        return specs.get(id);
    }

    /**
     * Whether every accelerator here has the same numbers as in {@code other} (the same ids and equal specs): two such
     * catalogues price every training step alike, whatever else their catalogue files changed.
     */
    public boolean sameAcceleratorsAs(AcceleratorCatalog other) {
        return specs.equals(other.specs);
    }

    /** All numbers of one accelerator with their sources, keyed by YAML field. */
    public Map<String, Estimate> estimates(String idOrAlias) {
        return estimates.get(get(idOrAlias).id());
    }
}
