package dev.nearlight.core.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nearlight.core.InputException;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueTest {
    private final Catalogue c = Catalogue.defaults();

    /** Every Param reachable from an entry, with a path for messages. */
    private static void collect(Object o, String path, List<Object[]> out) throws Exception {
        if (o instanceof Param p) {
            out.add(new Object[] {path, p});
        } else if (o instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                collect(l.get(i), path + "[" + i + "]", out);
            }
        } else if (o != null && o.getClass().isRecord()) {
            for (RecordComponent rc : o.getClass().getRecordComponents()) {
                collect(rc.getAccessor().invoke(o), path + "." + rc.getName(), out);
            }
        } else if (o instanceof CatalogueEntry) {
            for (Field f : o.getClass().getDeclaredFields()) {
                if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    collect(f.get(o), path + "." + f.getName(), out);
                }
            }
        }
    }

    @Test
    void everyNumberHasASourceAUnitAndARangeAroundItsValue() throws Exception {
        List<Object[]> params = new ArrayList<>();
        for (CatalogueKind k : CatalogueKind.values()) {
            for (CatalogueEntry e : c.entries(k)) {
                collect(e, k.key() + "[" + e.id() + "]", params);
            }
        }
        assertThat(params).hasSizeGreaterThan(500);
        for (Object[] row : params) {
            Param p = (Param) row[1];
            assertThat(p.source()).as("%s source", row[0]).isNotBlank();
            assertThat(p.unit()).as("%s unit", row[0]).isNotBlank();
            assertThat(p.min()).as("%s min <= value", row[0]).isLessThanOrEqualTo(p.value());
            assertThat(p.value()).as("%s value <= max", row[0]).isLessThanOrEqualTo(p.max());
            if (p.unit().equals("W") || p.unit().equals("pJ/bit")) {
                assertThat(p.boundary()).as("%s power boundary", row[0]).isNotNull();
            }
        }
    }

    @Test
    void offersEveryFamilyAtTheRatesWhereItExists() {
        Set<TechnologyFamily> at1600 =
                c.technologiesAt(1600).stream().map(Technology::family).collect(Collectors.toSet());
        assertThat(at1600)
                .contains(
                        TechnologyFamily.DAC,
                        TechnologyFamily.ACC,
                        TechnologyFamily.AEC,
                        TechnologyFamily.PLUGGABLE_DSP,
                        TechnologyFamily.LRO,
                        TechnologyFamily.LPO,
                        TechnologyFamily.NPO,
                        TechnologyFamily.NPO_ELS,
                        TechnologyFamily.CPO);
        assertThat(c.technologiesAt(800)).hasSizeGreaterThanOrEqualTo(10);
        assertThat(c.technologiesAt(3200)).extracting(Technology::family).doesNotContain(TechnologyFamily.ACC);
        assertThat(c.technologies())
                .extracting(Technology::id)
                .contains("pcie5-x16-copprlink", "pcie6-x16-optical", "cxl-x16-optical", "pluggable-dsp-fr-1.6t");
        assertThat(c.endpoints(EndpointType.GPU))
                .extracting(Endpoint::id)
                .contains("a100", "h100", "h200", "b200", "gb200");
        assertThat(c.endpoints(EndpointType.SWITCH)).hasSizeGreaterThanOrEqualTo(3);
        assertThat(c.serdesClassesFor(200)).extracting(SerdesClass::tier).contains(SerdesTier.values());
        assertThat(c.serdesClassesFor(100)).extracting(SerdesClass::tier).contains(SerdesTier.values());
    }

    @Test
    void perEndPartsAddUpToThePublishedModulePower() {
        for (Technology t : c.technologies()) {
            double laserW = Technology.NONE.equals(t.laser())
                    ? 0
                    : t.lasersPerEnd() * c.laser(t.laser()).electricalPowerW();
            double sum = t.dspW().value() + t.analogW().value() + laserW;
            assertThat(sum)
                    .as("%s parts %.2f W vs module %s", t.id(), sum, t.modulePowerW())
                    .isBetween(t.modulePowerW().min() - 0.05, t.modulePowerW().max() + 0.05);
        }
    }

    @Test
    void unknownIdsNameTheClosestValidOnes() {
        assertThatThrownBy(() -> c.laminate("megtron7"))
                .isInstanceOf(InputException.class)
                .hasMessage("unknown laminate 'megtron7' (closest: megtron-7, megtron-6, megtron-8u)");
        assertThatThrownBy(() -> c.technology("cpo-1.6t"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("cpo-els-1.6t");
        assertThatThrownBy(() -> c.endpoint("h10")).hasMessageContaining("h100");
        assertThatThrownBy(() -> c.serdesClass("xsr")).hasMessageContaining("xsr-112");
    }

    @Test
    void userFilesOverrideByIdAndAddEntries(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.yaml");
        Files.writeString(a, """
                fibres:
                  - id: smf-os2
                    name: cheaper fibre
                    lossDbPerKm: {value: 0.4, min: 0.3, max: 0.5, unit: dB/km, source: test, confidence: low}
                    delayNsPerM: {value: 4.9, min: 4.9, max: 4.9, unit: ns/m, source: test, confidence: high}
                    costUsdPerM: {value: 2, min: 1, max: 3, unit: USD/m, source: test, confidence: low}
                    connectorLossDb: {value: 0.5, min: 0.35, max: 0.75, unit: dB, source: test, confidence: low}
                """);
        Path b = dir.resolve("b.yaml");
        Files.writeString(
                b, Files.readString(a).replace("cheaper fibre", "second").replace("0.4,", "0.35,"));
        Catalogue merged = Catalogue.load(List.of(a, b));
        assertThat(merged.fibre("smf-os2").name()).isEqualTo("second");
        assertThat(merged.fibre("smf-os2").lossDbPerKm().value()).isEqualTo(0.35);
        assertThat(merged.fibres()).hasSize(c.fibres().size());
        assertThat(merged.origin(CatalogueKind.FIBRES, "smf-os2")).isEqualTo(b + ":2:5");
    }

    @Test
    void rejectsAMissingUserFile(@TempDir Path dir) {
        assertThatThrownBy(() -> Catalogue.load(List.of(dir.resolve("nope.yaml"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("nope.yaml: file not found");
    }

    @Test
    void nodePlatformsAddUpTheirPartsUnderThePublishedMaximum() {
        NodePlatform h100 = c.platform("dgx-h100");
        assertThat(h100.gpus()).isEqualTo(8);
        // busy: 8 x 700 (h100 endpoint) + 2 x 350 CPU + 4 x 90 NVSwitch + 8 x 25 (cx7 endpoint) + 2 x 100 DPU
        //       + 32 x 10 DIMM + 10 x 15 NVMe + 12 x 60 fans + 6 x 62 PSU loss + 400 board = 9022 W
        assertThat(c.busyPowerW(h100))
                .isEqualTo(8 * 700 + 2 * 350 + 4 * 90 + 8 * 25 + 2 * 100 + 32 * 10 + 10 * 15 + 12 * 60 + 6 * 62 + 400);
        // idle: 8 x 80 + 2 x 100 + 4 x 40 + 8 x 15 + 2 x 50 + 32 x 3 + 10 x 5 + 12 x 15 + 6 x 20 + 200 = 1866 W
        assertThat(c.idlePowerW(h100))
                .isEqualTo(8 * 80 + 2 * 100 + 4 * 40 + 8 * 15 + 2 * 50 + 32 * 3 + 10 * 5 + 12 * 15 + 6 * 20 + 200);
        // NVIDIA DGX H100 user guide: 10.2 kW maximum; the GPUs' 5.6 kW TDP is only part of the node
        assertThat(h100.maxPowerW().value()).isEqualTo(10_200);
        assertThat(c.busyPowerW(h100)).isBetween(8 * 700.0, 10_200.0);
        for (NodePlatform p : c.platforms()) {
            assertThat(c.busyPowerW(p))
                    .as(p.id())
                    .isLessThanOrEqualTo(p.maxPowerW().max());
            assertThat(c.idlePowerW(p)).as(p.id()).isLessThan(c.busyPowerW(p) / 2);
            assertThat(c.endpoint(p.gpu()).type()).isEqualTo(EndpointType.GPU);
            for (PlatformPart part : p.parts()) {
                assertThat(c.unitPriceUsd(part)).as(p.id() + " " + part.part()).isPositive();
            }
        }
        assertThat(c.platforms())
                .extracting(NodePlatform::id)
                .contains("dgx-h100", "dgx-h200", "dgx-b200", "gb200-nvl72-tray");
        // a GPU part takes its price from the endpoint: one price for the GPU everywhere
        PlatformPart gpu = h100.parts().get(0);
        assertThat(c.unitPriceUsd(gpu)).isEqualTo(c.endpoint("h100").costUsd().value());
    }

    @Test
    void aPlatformPartThatDuplicatesItsEndpointsPowerIsALocatedError() {
        String part = """
                      - part: GPU
                        role: GPU
                        endpoint: h100
                        count: 8
                        idleW: {value: 80, min: 60, max: 120, unit: W, source: t, confidence: low, boundary: NODE}
                """;
        // an override of the GPU's power is a what-if, not refused for the platform's maximum
        Catalogue hot = Catalogue.fromYaml("p.yaml", """
                platforms:
                  - id: tiny
                    name: tiny node
                    gpu: h100
                    maxPowerW: {value: 5000, min: 5000, max: 5000, unit: W, source: t, confidence: low, boundary: NODE}
                    parts:
                """ + part);
        assertThat(hot.busyPowerW(hot.platform("tiny"))).isEqualTo(8 * 700);
        assertThatThrownBy(() -> Catalogue.fromYaml(
                        "p.yaml",
                        """
                platforms:
                  - id: tiny
                    name: tiny node
                    gpu: h100
                    maxPowerW: {value: 9000, min: 9000, max: 9000, unit: W, source: t, confidence: low, boundary: NODE}
                    parts:
                """
                                + part.replace(
                                        "count: 8",
                                        "count: 8\n        busyW: {value: 700, min: 700, max: 700, unit: W,"
                                                + " source: t, confidence: low, boundary: NODE}")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("a part with an endpoint takes busy power and price from that endpoint");
    }
}
