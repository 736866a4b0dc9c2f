package dev.nearlight.compose.disagg;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nearlight.core.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The PCIe/CXL disaggregation parameter set: propagation delays, reference latencies (local DRAM, direct CXL), per-hop
 * latencies, per-generation bandwidth and copper reach, and per-lane energies. Loaded from YAML (the default is the
 * {@code disagg/parameters.yaml} resource) so that every number carries its source and confidence.
 *
 * @param propagation delay per metre of fibre and copper
 * @param reference reference load-to-use latencies used as baselines
 * @param hops per-element latencies
 * @param opticalReachM longest fibre run the model accepts
 * @param generations PCIe/CXL generations by key ({@code pcie5}, {@code cxl3}, ...)
 * @param energy per-bit energies for the link power seam
 */
public record DisaggParameters(
        Propagation propagation,
        Reference reference,
        Hops hops,
        SourcedValue opticalReachM,
        Map<String, Generation> generations,
        Energy energy) {

    /** Checks that every section is present. */
    public DisaggParameters {
        Objects.requireNonNull(propagation, "propagation");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(hops, "hops");
        Objects.requireNonNull(opticalReachM, "opticalReachM");
        Objects.requireNonNull(energy, "energy");
        if (generations == null || generations.isEmpty()) {
            throw new InputException("disagg parameters: 'generations' is empty; add pcie5, pcie6, ...");
        }
        generations = Map.copyOf(new TreeMap<>(generations));
    }

    /** Propagation delays. */
    public record Propagation(SourcedValue fibreNsPerM, SourcedValue copperNsPerM) {
        /** Checks presence. */
        public Propagation {
            Objects.requireNonNull(fibreNsPerM, "fibreNsPerM");
            Objects.requireNonNull(copperNsPerM, "copperNsPerM");
        }
    }

    /** Reference load-to-use latencies (round trip, unloaded). */
    public record Reference(
            SourcedValue localDramNs,
            SourcedValue cxlDirectNs,
            SourcedValue cxlOneSwitchNs,
            SourcedValue pcieFabricDmaNs) {
        /** Checks presence. */
        public Reference {
            Objects.requireNonNull(localDramNs, "localDramNs");
            Objects.requireNonNull(cxlDirectNs, "cxlDirectNs");
            Objects.requireNonNull(cxlOneSwitchNs, "cxlOneSwitchNs");
            Objects.requireNonNull(pcieFabricDmaNs, "pcieFabricDmaNs");
        }
    }

    /** Per-element one-way latencies. */
    public record Hops(
            SourcedValue phyNs,
            SourcedValue flitFecNs,
            SourcedValue retimerNs,
            SourcedValue switchNs,
            SourcedValue eoeLinearNs,
            SourcedValue pinToAppRoundTripNs) {
        /** Checks presence. */
        public Hops {
            Objects.requireNonNull(phyNs, "phyNs");
            Objects.requireNonNull(flitFecNs, "flitFecNs");
            Objects.requireNonNull(retimerNs, "retimerNs");
            Objects.requireNonNull(switchNs, "switchNs");
            Objects.requireNonNull(eoeLinearNs, "eoeLinearNs");
            Objects.requireNonNull(pinToAppRoundTripNs, "pinToAppRoundTripNs");
        }
    }

    /**
     * One PCIe or CXL generation.
     *
     * @param protocol {@code pcie} or {@code cxl}
     * @param flitFec whether the link runs FLIT mode with the lightweight FEC (PCIe 6/7, CXL 3)
     * @param transferGtPerS per-lane transfer rate
     * @param x16UsableGBps usable bandwidth of a x16 link per direction
     * @param copperReachM CopprLink-class copper reach
     */
    public record Generation(
            String protocol,
            boolean flitFec,
            SourcedValue transferGtPerS,
            SourcedValue x16UsableGBps,
            SourcedValue copperReachM) {
        /** Checks presence and the protocol name. */
        public Generation {
            if (!"pcie".equals(protocol) && !"cxl".equals(protocol)) {
                throw new InputException("disagg parameters: protocol '" + protocol + "' is not pcie or cxl");
            }
            Objects.requireNonNull(transferGtPerS, "transferGtPerS");
            Objects.requireNonNull(x16UsableGBps, "x16UsableGBps");
            Objects.requireNonNull(copperReachM, "copperReachM");
        }
    }

    /** Per-bit energies (the seam until the core link model provides them). */
    public record Energy(SourcedValue serdesPjPerBit, SourcedValue linearOpticsPjPerBit, SourcedValue retimerPjPerBit) {
        /** Checks presence. */
        public Energy {
            Objects.requireNonNull(serdesPjPerBit, "serdesPjPerBit");
            Objects.requireNonNull(linearOpticsPjPerBit, "linearOpticsPjPerBit");
            Objects.requireNonNull(retimerPjPerBit, "retimerPjPerBit");
        }
    }

    /** The generation with this key, or an {@link InputException} listing the valid keys. */
    public Generation generation(String key) {
        Generation g = generations.get(key);
        if (g == null) {
            throw new InputException("unknown generation '" + key + "'; use one of " + generations.keySet());
        }
        return g;
    }

    /** Loads the bundled {@code disagg/parameters.yaml}. */
    public static DisaggParameters defaults() {
        try (InputStream in = DisaggParameters.class.getResourceAsStream("/disagg/parameters.yaml")) {
            if (in == null) {
                throw new IllegalStateException("resource disagg/parameters.yaml missing from the classpath");
            }
            return read(in, "disagg/parameters.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a parameter file; malformed files throw an {@link InputException} naming the file, line and column. */
    public static DisaggParameters load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static DisaggParameters read(InputStream in, String name) throws IOException {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return mapper.readValue(in, DisaggParameters.class);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            var loc = e.getLocation();
            String where = loc == null ? name : name + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            Throwable c = e.getCause();
            if (c instanceof InputException ie) {
                throw new InputException(where + ": " + ie.getMessage(), ie);
            }
            if (c instanceof NullPointerException npe) {
                throw new InputException(
                        where + ": missing field '" + npe.getMessage()
                                + "'; compare with the bundled disagg/parameters.yaml",
                        npe);
            }
            String first = e.getOriginalMessage().lines().findFirst().orElse("invalid");
            throw new InputException(
                    where + ": " + first + "; every number is {value, min, max, unit, source, confidence}", e);
        }
    }
}
