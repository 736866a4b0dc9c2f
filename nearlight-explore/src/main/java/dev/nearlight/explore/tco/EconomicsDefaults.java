package dev.nearlight.explore.tco;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nearlight.core.catalogue.Param;
import dev.nearlight.core.catalogue.ParamMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The economics numbers that are not prices of a part: the share of each repair category's failures that swaps a part,
 * the cost of a return to the vendor, and the node platform power and price around the GPUs
 * ({@code /economics/defaults.yaml}). Every number is a catalogue {@link Param} with range, source and confidence, keyed
 * by its dotted path (e.g. {@code partSwapShare.gpu}, {@code nodePlatform.h100.gpuIdleW}).
 *
 * @param params every number by key, in file order
 */
public record EconomicsDefaults(Map<String, Param> params) {
    /** The resource the defaults are read from. */
    public static final String RESOURCE = "/economics/defaults.yaml";

    /** Copies the map. */
    public EconomicsDefaults {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    private static final class Shipped {
        static final EconomicsDefaults INSTANCE = read();
    }

    /** The shipped defaults (read once). */
    public static EconomicsDefaults load() {
        return Shipped.INSTANCE;
    }

    private static EconomicsDefaults read() {
        ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .build();
        try (InputStream in = EconomicsDefaults.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            Map<String, Param> out = new LinkedHashMap<>();
            flatten(yaml, yaml.readTree(in), "", out);
            return new EconomicsDefaults(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flatten(ObjectMapper m, JsonNode node, String prefix, Map<String, Param> out)
            throws IOException {
        if (node.has("value") && node.has("source")) {
            out.put(prefix, m.treeToValue(node, Param.class));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            flatten(m, e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
        }
    }

    /** The value of {@code key}; a missing key is a defect of the shipped file. */
    public double value(String key) {
        Param p = params.get(key);
        if (p == null) {
            throw new IllegalStateException(RESOURCE + ": missing " + key);
        }
        return p.value();
    }

    /** The param of {@code key}, if present. */
    public Optional<Param> find(String key) {
        return Optional.ofNullable(params.get(key));
    }

    /** The share of a repair category's failures that swaps a part ({@code gpu}, {@code nic}, ...). */
    public double partSwapShare(RepairCategory category) {
        return value("partSwapShare." + category.id());
    }

    /** The node platform around the GPUs of an accelerator, if these defaults hold it. */
    public Optional<NodePlatform> nodePlatform(String accelerator) {
        String k = "nodePlatform." + accelerator + ".";
        if (!params.containsKey(k + "nonGpuBusyWPerGpu")) {
            return Optional.empty();
        }
        return Optional.of(new NodePlatform(
                value(k + "nonGpuBusyWPerGpu"),
                value(k + "nonGpuIdleWPerGpu"),
                value(k + "gpuIdleW"),
                value(k + "nodeBaseUsdPerGpu")));
    }

    /** The accelerators with a node platform entry. */
    public java.util.List<String> nodePlatformIds() {
        return params.keySet().stream()
                .filter(k -> k.startsWith("nodePlatform.") && k.endsWith(".gpuIdleW"))
                .map(k -> k.substring("nodePlatform.".length(), k.length() - ".gpuIdleW".length()))
                .toList();
    }

    /** A copy with every param passed through {@code f} (paths {@code economics/<key>}), for range sampling. */
    public EconomicsDefaults mapParams(ParamMapper f) {
        Map<String, Param> out = new LinkedHashMap<>();
        params.forEach((k, p) -> out.put(k, f.apply("economics/" + k, p)));
        return new EconomicsDefaults(out);
    }

    /**
     * Power and price of a node beyond its GPUs, per GPU so that any node size scales it.
     *
     * @param nonGpuBusyWPerGpu CPUs, NVSwitches, NICs, fans, memory and storage while the job runs, W per GPU
     * @param nonGpuIdleWPerGpu the same while the job is down, W per GPU
     * @param gpuIdleW one GPU's draw while the job is down, W
     * @param nodeBaseUsdPerGpu the node without its GPUs, USD per GPU
     */
    public record NodePlatform(
            double nonGpuBusyWPerGpu, double nonGpuIdleWPerGpu, double gpuIdleW, double nodeBaseUsdPerGpu) {}
}
