package dev.nearlight.explore.cluster;

import dev.nearlight.core.catalogue.Catalogue;
import dev.nearlight.explore.compare.AlternativeEvaluator;
import dev.nearlight.explore.scenario.ScenarioFile;
import dev.nearlight.explore.scenario.ScenarioVocabulary;
import dev.nearlight.explore.tco.EconomicsDefaults;
import dev.nearlight.explore.uncertainty.SampleEvaluators;
import dev.nearlight.fabric.link.CatalogueLinkEvaluator;
import dev.nearlight.fabric.link.LinkEvaluator;
import dev.nearlight.fabric.link.Technologies;
import dev.nearlight.sim.train.AcceleratorCatalog;
import dev.nearlight.sim.train.ModelSpec;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The single place where {@code nearlight compare} gets its models: the {@link AlternativeEvaluator} that runs an
 * alternative through the link, fabric, training, reliability and TCO models ({@link ScenarioEvaluator}), and the ids a
 * scenario may name.
 */
public final class Evaluators {
    private Evaluators() {}

    /**
     * The evaluator for a loaded scenario.
     *
     * @param scenario the validated scenario, with field locations for located error messages ({@link
     *     ScenarioFile#problem})
     * @param catalogues extra catalogue files from {@code --catalogue}, in order (later files override by id)
     */
    public static AlternativeEvaluator forScenario(ScenarioFile scenario, List<Path> catalogues) {
        return new ScenarioEvaluator(scenario, Catalogue.load(catalogues));
    }

    /**
     * Evaluators over changed numbers (Monte Carlo samples, break-even searches): the loaded catalogue and the shipped
     * economics defaults as the base, a {@link ScenarioEvaluator} over each change.
     */
    public static SampleEvaluators samplers(ScenarioFile scenario, List<Path> catalogues) {
        Catalogue base = Catalogue.load(catalogues);
        // the nominal evaluator, whose fabric-fault slowdown (one flow-model figure per fabric and job) every sample
        // reuses: built on first use, so analyses that never evaluate pay nothing
        java.util.function.Supplier<ScenarioEvaluator> nominal = new java.util.function.Supplier<>() {
            private ScenarioEvaluator ev;

            @Override
            public synchronized ScenarioEvaluator get() {
                if (ev == null) {
                    ev = new ScenarioEvaluator(scenario, base, EconomicsDefaults.load());
                }
                return ev;
            }
        };
        return new SampleEvaluators() {
            @Override
            public Catalogue baseCatalogue() {
                return base;
            }

            @Override
            public EconomicsDefaults baseEconomics() {
                return EconomicsDefaults.load();
            }

            @Override
            public AlternativeEvaluator evaluator(
                    Catalogue catalogue,
                    EconomicsDefaults economics,
                    java.util.function.UnaryOperator<dev.nearlight.sim.reliability.ReliabilityDefaults> reliability) {
                return new ScenarioEvaluator(scenario, catalogue, economics, reliability, nominal.get());
            }
        };
    }

    /**
     * The ids a scenario may name: the training model's accelerators, the training presets, and the optics names the
     * fabric module accepts over the loaded catalogue (short names, technology ids, and {@code pluggable-fr}).
     */
    public static ScenarioVocabulary vocabulary(List<Path> catalogues) {
        CatalogueLinkEvaluator links = new CatalogueLinkEvaluator(Catalogue.load(catalogues));
        return new ScenarioVocabulary(
                Set.copyOf(AcceleratorCatalog.load().ids()),
                Set.copyOf(ModelSpec.presetIds()),
                Set.copyOf(opticsNames(links)));
    }

    /** Optics names usable per tier: the fabric's short names and ids that the catalogue offers, plus aliases. */
    static List<String> opticsNames(LinkEvaluator links) {
        Set<String> out = new LinkedHashSet<>();
        Technologies.SHORT_NAMES.forEach((name, id) -> {
            String base = id.endsWith(Technologies.SWITCH_ONLY_SUFFIX)
                    ? id.substring(0, id.length() - Technologies.SWITCH_ONLY_SUFFIX.length())
                    : id;
            if (links.technologyIds().contains(base) && !id.startsWith("pcie")) {
                out.add(name);
            }
        });
        for (String id : links.technologyIds()) {
            if (!id.startsWith("pcie")) {
                out.add(id);
            }
        }
        if (links.technologyIds().contains("pluggable-dsp-fr")) {
            out.add("pluggable-fr");
        }
        return List.copyOf(out);
    }
}
