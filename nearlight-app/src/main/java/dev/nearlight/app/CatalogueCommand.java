package dev.nearlight.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.nearlight.core.InputException;
import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.core.catalogue.CatalogueEntry;
import dev.nearlight.core.catalogue.CatalogueKind;
import dev.nearlight.core.catalogue.Closest;
import dev.nearlight.core.catalogue.Laminate;
import dev.nearlight.core.catalogue.NodePlatform;
import dev.nearlight.core.catalogue.PlatformPart;
import dev.nearlight.core.catalogue.Technology;
import dev.nearlight.core.link.DataRate;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nearlight catalogue list|show|validate}: browse and check the component catalogue. */
@Command(
        name = "catalogue",
        mixinStandardHelpOptions = true,
        description = "Browse and validate the component catalogue (technologies, SerDes, laminates, lasers, ...).",
        subcommands = {CatalogueCommand.ListCommand.class, CatalogueCommand.Show.class, CatalogueCommand.Validate.class
        })
public final class CatalogueCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static CatalogueKind kind(String text) {
        return CatalogueKind.parse(text)
                .orElseThrow(() -> new InputException("--kind: unknown kind '" + text + "' ("
                        + Closest.hint(text, CatalogueKind.keys()) + "; all: "
                        + String.join(", ", CatalogueKind.keys()) + ")"));
    }

    /** {@code catalogue list [--kind KIND]}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List entries, optionally of one kind.")
    static final class ListCommand implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--kind", paramLabel = "KIND", description = "One of: ${COMPLETION-CANDIDATES}")
        String kind;

        @Mixin
        CatalogueOptions catalogue;

        @Override
        public void run() {
            Catalogue c = catalogue.load();
            PrintWriter out = spec.commandLine().getOut();
            List<CatalogueKind> kinds = kind == null ? Arrays.asList(CatalogueKind.values()) : List.of(kind(kind));
            for (CatalogueKind k : kinds) {
                List<CatalogueEntry> es = c.entries(k);
                out.printf(Locale.ROOT, "%s (%d)%n", k.key(), es.size());
                for (CatalogueEntry e : es) {
                    String extra = e instanceof Technology t ? DataRate.format(t.rateGbps()) : "";
                    out.printf(Locale.ROOT, "  %-26s %-6s %s%n", e.id(), extra, e.name());
                }
            }
            out.flush();
        }
    }

    /** {@code catalogue show ID}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one entry with every parameter.")
    static final class Show implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "Entry id, e.g. npo-1.6t, megtron-7, lr-224.")
        String id;

        @Mixin
        CatalogueOptions catalogue;

        @Override
        public void run() {
            Catalogue c = catalogue.load();
            CatalogueEntry e = c.find(id)
                    .orElseThrow(
                            () -> new InputException("unknown id '" + id + "' (" + Closest.hint(id, c.allIds()) + ")"));
            CatalogueKind k = c.kindOf(id).orElseThrow();
            PrintWriter out = spec.commandLine().getOut();
            out.println("# " + k.key() + " entry from " + c.origin(k, id)
                    + " (save, edit and pass with --catalogue to override)");
            out.print(yaml(java.util.Map.of(k.key(), List.of(e))));
            if (e instanceof NodePlatform p) {
                out.print(platformSummary(p, c));
            }
            if (e instanceof Laminate l) {
                out.printf(
                        Locale.ROOT,
                        "# fitted loss: %.4f*sqrt(f) + %.5f*f dB/in (f in GHz); %.2f dB/in at 26.56 GHz, %.2f at"
                                + " 53.125 GHz%n",
                        l.curve().a(),
                        l.curve().b(),
                        l.lossDbPerInchAt(26.56),
                        l.lossDbPerInchAt(53.125));
            }
            out.flush();
        }
    }

    /** {@code catalogue validate FILE}. */
    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = "Check a catalogue file against the schema and the defaults; exit 2 with file:line:column"
                    + " on the first problem.")
    static final class Validate implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "Catalogue YAML file.")
        Path file;

        @Override
        public void run() {
            Catalogue.validate(file);
            spec.commandLine().getOut().println(file + ": ok");
            spec.commandLine().getOut().flush();
        }
    }

    /** Node power busy and idle by part, computed from the entry (endpoint parts from their endpoint). */
    static String platformSummary(NodePlatform p, Catalogue c) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "# node power (boundary NODE, no pluggable optics): busy %.0f W, idle %.0f W; published maximum %.0f W;"
                        + " %d GPUs%n",
                c.busyPowerW(p),
                c.idlePowerW(p),
                p.maxPowerW().value(),
                p.gpus()));
        sb.append(String.format(
                Locale.ROOT, "# %-52s %5s %9s %9s %10s%n", "part", "count", "busy W", "idle W", "unit USD"));
        for (PlatformPart part : p.parts()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "# %-52s %5d %9.0f %9.0f %10.0f%s%n",
                    part.part(),
                    part.count(),
                    part.count() * c.busyPowerW(part),
                    part.count() * part.idleW().value(),
                    c.unitPriceUsd(part),
                    Technology.NONE.equals(part.endpoint()) ? "" : "  (power and price from " + part.endpoint() + ")"));
        }
        return sb.toString();
    }

    static String yaml(Object o) {
        ObjectMapper m = new ObjectMapper(new YAMLFactory()
                        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        try {
            return m.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
