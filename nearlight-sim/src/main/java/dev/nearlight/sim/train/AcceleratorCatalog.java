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
import java.util.Iterator;
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
        Iterator<Map.Entry<String, JsonNode>> it = root.path("accelerators").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String id = e.getKey();
            JsonNode n = e.getValue();
            Map<String, Estimate> numbers = new LinkedHashMap<>();
            n.fields().forEachRemaining(f -> {
                if (f.getValue().isObject()) {
                    JsonNode v = f.getValue();
                    numbers.put(
                            f.getKey(),
                            new Estimate(
                                    v.path("value").asDouble(),
                                    v.path("min").asDouble(),
                                    v.path("max").asDouble(),
                                    v.path("unit").asText(),
                                    v.path("source").asText(),
                                    v.path("confidence").asText()));
                }
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
                                            get(numbers, id, "hostLinkGBps") * 1e9, get(numbers, id, "hostMemoryGiB"))
                                    : HostLink.NONE));
            aliases.put(id, id);
            n.path("aliases").forEach(a -> aliases.put(a.asText().toLowerCase(Locale.ROOT), id));
        }
        return new AcceleratorCatalog(
                Collections.unmodifiableMap(specs),
                Collections.unmodifiableMap(est),
                Collections.unmodifiableMap(aliases));
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
